package uk.meterwatch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.report.pack.Names;
import uk.meterwatch.report.pack.PackAssembler;
import uk.meterwatch.report.pack.PackDocument;
import uk.meterwatch.report.pack.PackHtml;
import uk.meterwatch.report.pack.PackSection;
import uk.meterwatch.report.pack.PackWriter;

/**
 * The month's pack to download, HTML or PDF, made as {@code meterwatch report} makes it. A MEMBER
 * or SERVICE_USER always gets the CLEAR pack (every User anonymised); an ANALYST or ADMIN chooses
 * the classification. Made once per version of the store, month and classification.
 */
final class PackRoutes {
  private final WebServer server;
  private final Pages pages;

  PackRoutes(WebServer server, Pages pages) {
    this.server = server;
    this.pages = pages;
  }

  void routes(RoutesConfig r) {
    r.get("/pack", this::page);
    r.get("/pack/pack.html", ctx -> send(ctx, false));
    r.get("/pack/pack.pdf", ctx -> send(ctx, true));
  }

  private String classification(Context ctx, Viewer v) {
    if (!v.role().seesAllUsers()) {
      return "CLEAR";
    }
    String c = ctx.queryParam("classification");
    if (c == null || c.isBlank()) {
      return "CLEAR";
    }
    String label = c.strip().toUpperCase(Locale.ROOT);
    if (label.length() > 60 || !label.matches("[A-Z0-9 :_/+-]+")) {
      throw ApiError.badRequest("a classification is up to 60 letters, digits, spaces and :_/+-");
    }
    return label;
  }

  /**
   * The day the pack is as of (the registers as they stood at its end, overdue judged on it), as
   * {@code report --as-of}: the {@code as_of} parameter, else today (UK time).
   */
  private LocalDate asOf(Context ctx) {
    String a = ctx.queryParam("as_of");
    if (a == null || a.isBlank()) {
      return PackAssembler.defaultAsOf(server.access().clock());
    }
    try {
      return LocalDate.parse(a.strip());
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("as_of must be YYYY-MM-DD, got '" + a + "'");
    }
  }

  private void page(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = pages.month(ctx);
    LocalDate asOf = asOf(ctx);
    Page page = new Page("The monthly pack, " + Names.month(month.toString()), "Pack");
    List<Page.Field> fields = new ArrayList<>();
    fields.add(Page.Field.text("month", "Month (YYYY-MM)", month.toString()));
    fields.add(
        Page.Field.text(
            "as_of", "As of (YYYY-MM-DD: the registers as they stood that day)", asOf.toString()));
    if (v.role().seesAllUsers()) {
      fields.add(
          Page.Field.text(
              "classification", "Classification (CLEAR names no User)", classification(ctx, v)));
    }
    page.add(new Page.Form("/pack", "get", "Show", fields));
    String q =
        "?month="
            + month
            + "&as_of="
            + asOf
            + "&classification="
            + classification(ctx, v).replace(" ", "+");
    page.p(
        "As of "
            + PackDocument.day(asOf)
            + ": actions, incidents, risks and reviews as they stood at the end of that day, overdue"
            + " judged on it; made again with the same date and data, the pack says the same."
            + " Classification "
            + classification(ctx, v)
            + (classification(ctx, v).contains("CLEAR")
                ? ": every User is anonymised."
                : ": Users are named.")
            + " Making the pack takes a few seconds.");
    page.add(
        new Page.Links(
            List.of(
                Page.Cell.link("Download the pack as HTML (pack.html)", "/pack/pack.html" + q),
                Page.Cell.link("Download the pack as PDF (pack.pdf)", "/pack/pack.pdf" + q))));
    server.render(ctx, page);
  }

  private void send(Context ctx, boolean pdf) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = pages.month(ctx);
    LocalDate asOf = asOf(ctx);
    String classification = classification(ctx, v);
    String html =
        server
            .access()
            .cached(
                "pack|" + month + "|" + asOf + "|" + classification,
                store -> {
                  PackAssembler.Assembled a =
                      new PackAssembler(store, server.access().rules(), server.access().clock())
                          .assemble(
                              month,
                              classification,
                              classification.contains("CLEAR"),
                              new PackAssembler.Options(asOf, PackSection.OPSG_AGENDA));
                  return a.anonymiser().apply(PackHtml.render(a.pack()));
                });
    String name = "meterwatch-pack-" + month + (pdf ? ".pdf" : ".html");
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    if (!pdf) {
      ctx.contentType("text/html; charset=utf-8")
          .result(v.text(html).getBytes(StandardCharsets.UTF_8));
      return;
    }
    byte[] bytes =
        server
            .access()
            .cached(
                "pack.pdf|" + month + "|" + asOf + "|" + classification + "|" + v.key(),
                store -> {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  try {
                    PackWriter.pdf(v.text(html), out);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  return out.toByteArray();
                });
    ctx.contentType("application/pdf").result(bytes);
  }
}
