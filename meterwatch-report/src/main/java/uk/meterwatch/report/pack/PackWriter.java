package uk.meterwatch.report.pack;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Writes DIR/pack.html and DIR/pack.pdf from one document: the PDF is the HTML rendered by
 * openhtmltopdf (inline SVG through Batik), so both show the same figures and charts. Each file is
 * written to a temporary name and moved into place, so a failure leaves no half-written pack.
 */
public final class PackWriter {
  public static final String HTML = "pack.html";
  public static final String PDF = "pack.pdf";

  // Held so that the levels set below are not lost when JUL drops an unreferenced logger.
  private static final java.util.logging.Logger PDFBOX =
      java.util.logging.Logger.getLogger("org.apache.pdfbox");
  private static final java.util.logging.Logger FONTBOX =
      java.util.logging.Logger.getLogger("org.apache.fontbox");

  static {
    // The renderer and PDFBox narrate their work (and font fallbacks) on stderr; a command's
    // output is its own result, so only their errors get through.
    com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    java.util.logging.Logger.getLogger("org.apache.pdfbox")
        .setLevel(java.util.logging.Level.SEVERE);
    java.util.logging.Logger.getLogger("org.apache.fontbox")
        .setLevel(java.util.logging.Level.SEVERE);
  }

  private PackWriter() {}

  /** The two files written. */
  public record Written(Path html, Path pdf, int pages) {}

  public static Written write(Pack pack, Anonymiser anonymiser, Path dir) {
    String html = anonymiser.apply(PackHtml.render(pack));
    try {
      Files.createDirectories(dir);
      Path htmlTmp = Files.createTempFile(dir, ".pack", ".html.tmp");
      Path pdfTmp = Files.createTempFile(dir, ".pack", ".pdf.tmp");
      try {
        Files.writeString(htmlTmp, html, StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(pdfTmp)) {
          pdf(html, out);
        }
        int pages;
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdfTmp.toFile())) {
          pages = doc.getNumberOfPages();
        }
        Path htmlFile = dir.resolve(HTML);
        Path pdfFile = dir.resolve(PDF);
        // Temp files are created owner-only; a pack is a document to share.
        readableByAll(htmlTmp);
        readableByAll(pdfTmp);
        Files.move(htmlTmp, htmlFile, StandardCopyOption.REPLACE_EXISTING);
        Files.move(pdfTmp, pdfFile, StandardCopyOption.REPLACE_EXISTING);
        return new Written(htmlFile, pdfFile, pages);
      } finally {
        Files.deleteIfExists(htmlTmp);
        Files.deleteIfExists(pdfTmp);
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot write the pack in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders the XHTML document to PDF, in DejaVu Sans (shipped in the jar: nothing downloaded, the
   * same on every machine). The PDF's built-in fonts have Latin-1 only: Welsh ŵ, Polish Ł and the
   * like came out as '#'.
   */
  public static void pdf(String xhtml, OutputStream out) throws IOException {
    PdfRendererBuilder builder = new PdfRendererBuilder();
    builder.useFastMode();
    builder.useFont(
        () -> PackWriter.class.getResourceAsStream("fonts/DejaVuSans.ttf"),
        PackHtml.PDF_FONT,
        400,
        BaseRendererBuilder.FontStyle.NORMAL,
        true);
    builder.useFont(
        () -> PackWriter.class.getResourceAsStream("fonts/DejaVuSans-Bold.ttf"),
        PackHtml.PDF_FONT,
        700,
        BaseRendererBuilder.FontStyle.NORMAL,
        true);
    builder.useSVGDrawer(new BatikSVGDrawer());
    builder.withHtmlContent(xhtml, null);
    builder.toStream(out);
    builder.run();
  }

  private static void readableByAll(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: its defaults apply.
    }
  }
}
