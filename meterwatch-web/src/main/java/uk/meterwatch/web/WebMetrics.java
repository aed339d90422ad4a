package uk.meterwatch.web;

import io.javalin.http.Context;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.TreeMap;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.store.DataCoverage;
import uk.meterwatch.engine.store.StoreStatus;

/**
 * {@code /metrics}, Prometheus text format, by the Prometheus Java client: the latest month's
 * measures per provider, the loads and quarantine, and request latency. Protected like the API.
 */
final class WebMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram latency;
  private final StoreAccess access;

  WebMetrics(StoreAccess access) {
    this.access = access;
    this.latency =
        Histogram.builder()
            .name("meterwatch_http_request_duration_seconds")
            .help("Time to answer a request, by route, method and status")
            .labelNames("route", "method", "status")
            .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_measure_value")
        .help("The latest month's measure value (percent), per measure and scope (ALL or provider)")
        .labelNames("month", "measure", "scope")
        .callback(
            cb ->
                latest()
                    .ifPresent(
                        r ->
                            each(
                                r,
                                (m, v) -> cb.call(v, r.month().toString(), m.id(), m.scope()),
                                "value")))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_measure_target")
        .help("The latest month's Target Service Level, per measure and scope")
        .labelNames("month", "measure", "scope")
        .callback(
            cb ->
                latest()
                    .ifPresent(
                        r ->
                            each(
                                r,
                                (m, v) -> cb.call(v, r.month().toString(), m.id(), m.scope()),
                                "target")))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_measure_minimum")
        .help("The latest month's Minimum Service Level, per measure and scope")
        .labelNames("month", "measure", "scope")
        .callback(
            cb ->
                latest()
                    .ifPresent(
                        r ->
                            each(
                                r,
                                (m, v) -> cb.call(v, r.month().toString(), m.id(), m.scope()),
                                "minimum")))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_measure_status")
        .help("The latest month's status: 1 for the status the measure has, per measure and scope")
        .labelNames("month", "measure", "scope", "status")
        .callback(
            cb ->
                latest()
                    .ifPresent(
                        r ->
                            r.measures()
                                .forEach(
                                    m ->
                                        cb.call(
                                            1,
                                            r.month().toString(),
                                            m.id(),
                                            m.scope(),
                                            m.status().name()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_loads")
        .help("Files loaded into the store")
        .callback(cb -> cb.call(loads().loads()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_rows_loaded")
        .help("Rows loaded into the store, every load")
        .callback(cb -> cb.call(loads().rowsLoaded()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("meterwatch_rows_quarantined")
        .help("Rows quarantined, every load")
        .callback(cb -> cb.call(loads().rowsQuarantined()))
        .register(registry);
  }

  private interface Sink {
    void put(MeasureResult m, double v);
  }

  private static void each(PerformanceReport r, Sink sink, String which) {
    for (MeasureResult m : r.measures()) {
      var v =
          switch (which) {
            case "value" -> m.value();
            case "target" -> m.target();
            default -> m.minimum();
          };
      if (v != null) {
        sink.put(m, v.doubleValue());
      }
    }
  }

  private DataCoverage.Loads loads() {
    return access.cached("coverage-loads", DataCoverage::loads);
  }

  private java.util.Optional<PerformanceReport> latest() {
    StoreStatus status = access.cached("status", StoreStatus::of);
    if (status.months().isEmpty()) {
      return java.util.Optional.empty();
    }
    ReportingMonth month = ReportingMonth.parse(new TreeMap<>(status.months()).lastKey());
    return java.util.Optional.of(
        access.cached(
            "pmr|" + month,
            store ->
                new PerformanceMeasurement(
                        store, access.rules(), SrvCatalogue.standard(), access.clock())
                    .report(month)));
  }

  void observe(Context ctx) {
    Long started = ctx.attribute("mw-started");
    if (started == null) {
      return;
    }
    // The route the request matched ("/measures/{id}"), not the after-handler's own "*".
    String route;
    try {
      var matched = ctx.endpoints().matchedHttpEndpoint();
      route = matched == null ? "unmatched" : matched.path;
    } catch (RuntimeException none) {
      route = "unmatched";
    }
    latency
        .labelValues(route, ctx.method().name(), Integer.toString(ctx.statusCode()))
        .observe((System.nanoTime() - started) / 1e9);
  }

  void scrape(Context ctx) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    ctx.contentType(PrometheusTextFormatWriter.CONTENT_TYPE).result(out.toByteArray());
  }
}
