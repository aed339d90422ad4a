package uk.meterwatch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.engine.json.LoadJson;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadListener;
import uk.meterwatch.engine.load.LoadReport;

/** Upload of a drop: the page (with progress) and {@code POST /api/v1/loads}. */
final class UploadRoutes {
  private final WebServer server;
  private final LoadJobs jobs;

  UploadRoutes(WebServer server, LoadJobs jobs) {
    this.server = server;
    this.jobs = jobs;
  }

  void routes(RoutesConfig r) {
    r.get("/upload", this::form);
    r.post("/upload", this::upload);
    r.get("/upload/{id}", this::progress);
    r.post("/api/v1/loads", this::apiUpload);
  }

  private Viewer loader(Context ctx) {
    Viewer v = server.viewer(ctx);
    if (!v.writes()) {
      throw ApiError.forbidden("load drops (ADMIN or ANALYST only)");
    }
    return v;
  }

  private void form(Context ctx) {
    loader(ctx);
    Page page = new Page("Upload a drop", "Loads");
    page.p(
        "A zip of contract files (service_requests.csv, alerts.jsonl.gz, devices.parquet, ...), or"
            + " one such file. Every row is loaded, counted as a duplicate or quarantined with its"
            + " file, line and reason; a file loaded before changes nothing.");
    page.add(
        new Page.Form(
            "/upload",
            "post",
            "Upload and load",
            List.of(
                new Page.Field(
                    "drop", "The drop (zip) or one file", "file", "", List.of(), null))));
    server.render(ctx, page);
  }

  /** The upload's files in a new folder, or a clear refusal (nothing loaded). */
  private Path unpack(Context ctx) throws IOException {
    UploadedFile file = ctx.uploadedFile("drop");
    if (file == null) {
      throw Uploads.refused("no file was uploaded (the form's field is 'drop')");
    }
    Path folder =
        Files.createDirectories(
            server
                .access()
                .folder()
                .resolve("web")
                .resolve("uploads")
                .resolve(uk.meterwatch.web.auth.Secrets.token()));
    try (InputStream in = file.content()) {
      Uploads.unpack(file.filename(), in, folder);
      LoadJobs.delete(folder.resolve(".unzip"));
      return folder;
    } catch (IOException | RuntimeException e) {
      LoadJobs.delete(folder);
      throw e;
    }
  }

  private void upload(Context ctx) throws IOException {
    Viewer v = loader(ctx);
    Path folder = unpack(ctx);
    LoadJobs.Job job = jobs.start(v.name(), ctx.uploadedFile("drop").filename(), folder);
    ctx.redirect("/upload/" + job.id);
  }

  private void progress(Context ctx) {
    Viewer v = loader(ctx);
    LoadJobs.Job job = jobs.get(ctx.pathParam("id"));
    if (job == null || !job.account.equals(v.name())) {
      throw ApiError.notFound("no such upload");
    }
    Page page = new Page((job.finished() ? "Loaded " : "Loading ") + job.upload, "Loads");
    if (!job.finished()) {
      page.refreshSeconds(2);
      page.add(
          new Page.Notice(
              "info",
              "Loading: " + job.percent() + " %",
              List.of(
                  job.currentFile.isEmpty() ? "Starting." : "Now: " + job.currentFile + ".",
                  "This page updates itself every 2 seconds.")));
    } else if (job.error != null) {
      page.add(
          new Page.Notice(
              "error",
              "The load failed: " + job.error,
              List.of("Nothing of the failed file was loaded.")));
    } else {
      summary(page, job.report);
    }
    server.render(ctx, page);
  }

  static void summary(Page page, LoadReport report) {
    var t = report.totals();
    page.add(
        new Page.Notice(
            report.anyFailed() ? "error" : "success",
            "Loaded "
                + t.loaded()
                + (t.loaded() == 1 ? " row; " : " rows; ")
                + t.duplicates()
                + " duplicates; "
                + t.quarantined()
                + " quarantined.",
            report.anyFailed()
                ? List.of("A file failed and changed nothing: see below.")
                : List.of()));
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (FileLoad f : report.files()) {
      rows.add(
          List.of(
              Page.Cell.of(f.file()),
              Page.Cell.of(f.kind()),
              f.status() == FileLoad.Status.FAILED
                  ? Page.Cell.tag("Failed", "red")
                  : Page.Cell.of(f.status().name()),
              Page.Cell.num(f.read()),
              Page.Cell.num(f.loaded()),
              Page.Cell.num(f.duplicates()),
              Page.Cell.num(f.quarantined()),
              Page.Cell.of(f.error() == null ? "" : f.error())));
    }
    page.add(
        new Page.Table(
            "The load, file by file",
            List.of(
                "File", "Kind", "Status", "Read", "Loaded", "Duplicates", "Quarantined", "Error"),
            rows));
    if (!report.ignored().isEmpty()) {
      page.p(
          "Ignored (not a contract kind or format): " + String.join(", ", report.ignored()) + ".");
    }
    page.add(
        new Page.Links(
            List.of(
                Page.Cell.link("Every load", "/loads"),
                Page.Cell.link("The quarantine", "/quarantine"))));
  }

  private void apiUpload(Context ctx) throws IOException {
    Viewer v = loader(ctx);
    Path folder = unpack(ctx);
    try {
      LoadReport report = jobs.load(folder, new LoadListener() {});
      ctx.contentType("application/json")
          .result(
              uk.meterwatch.engine.json.Json.pretty(
                      v.json(
                          uk.meterwatch.engine.json.Json.MAPPER.valueToTree(
                              LoadJson.report(report))))
                  + "\n");
    } finally {
      LoadJobs.delete(folder);
    }
  }
}
