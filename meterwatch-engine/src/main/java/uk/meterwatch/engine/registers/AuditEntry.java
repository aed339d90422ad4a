package uk.meterwatch.engine.registers;

import java.time.Instant;

/**
 * One change to a register.
 *
 * @param id increasing with time
 * @param at when the change was made
 * @param who the user who made it
 * @param register incidents, reviews, risks or actions
 * @param key the record's key (incident id, incident id#version, risk id, action ref)
 * @param operation ADD, UPDATE, CLOSE, RATE, EDIT, PUBLISH
 * @param source cli, import:FILE or load:FILE
 * @param beforeJson the record before, as JSON; null when it was new
 * @param afterJson the record after, as JSON
 */
public record AuditEntry(
    long id,
    Instant at,
    String who,
    String register,
    String key,
    String operation,
    String source,
    String beforeJson,
    String afterJson) {}
