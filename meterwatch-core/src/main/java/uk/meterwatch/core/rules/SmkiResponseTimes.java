package uk.meterwatch.core.rules;

/**
 * The SMKI's Target Response Times (SEC Section L8), in seconds: the rule set's {@code
 * smki_response_times:}, inherited by later rule sets like every section.
 *
 * @param certificateSigning from a Certificate Signing Request's receipt to its processing (CPM7)
 * @param repository from a request for a document of the SMKI Repository to its delivery (CPM8)
 */
public record SmkiResponseTimes(int certificateSigning, int repository) {}
