package uk.meterwatch.engine.duis;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads DUIS XML messages with a streaming SAX parser hardened against hostile input: a DOCTYPE is
 * refused outright (so no entity can be declared, let alone expanded: no XXE file read, no billion
 * laughs), external entities and DTDs are never loaded, and the JDK's secure processing limits
 * apply. Not thread-safe: one parser per loading thread.
 */
public final class DuisParser {
  /** The namespace of DUIS's Service User Gateway elements (sr:). */
  public static final String SR = "http://www.dccinterface.co.uk/ServiceUserGateway";

  private final XMLReader reader;
  private final Handler handler = new Handler();

  public DuisParser() {
    try {
      SAXParserFactory factory = SAXParserFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setValidating(false);
      factory.setXIncludeAware(false);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      var parser = factory.newSAXParser();
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      reader = parser.getXMLReader();
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be secured: " + e, e);
    }
    reader.setContentHandler(handler);
    reader.setErrorHandler(handler);
    // Nothing is ever resolved: an entity or DTD reference that slips through reads as empty.
    reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
  }

  /** Parses one message; the exception's message is the reason it cannot be used. */
  public DuisMessage parse(String xml) throws InvalidMessageException {
    handler.reset();
    try {
      reader.parse(new InputSource(new StringReader(xml)));
    } catch (SAXParseException e) {
      throw new InvalidMessageException(
          "malformed XML (line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + "): "
              + e.getMessage());
    } catch (SAXException e) {
      throw new InvalidMessageException("malformed XML: " + e.getMessage());
    } catch (IOException e) {
      throw new InvalidMessageException("unreadable XML: " + e.getMessage());
    }
    return handler.message();
  }

  /** Collects the header and body values by position: Root/Header/X, Root/Body/X/Y. */
  private static final class Handler extends DefaultHandler {
    private static final int MAX_DEPTH = 4;
    private final String[] path = new String[MAX_DEPTH + 1];
    private final StringBuilder text = new StringBuilder();
    private int depth;
    private boolean capturing;
    private int captureDepth;
    private String root;
    private String rootNamespace;
    private boolean header;
    private String bodyElement;
    private String requestId;
    private String responseId;
    private String srv;
    private String responseCode;
    private String responseDateTime;
    private String executionDateTime;
    private String alertCode;
    private boolean payload;

    void reset() {
      depth = 0;
      capturing = false;
      root = null;
      rootNamespace = null;
      header = false;
      bodyElement = null;
      requestId = null;
      responseId = null;
      srv = null;
      responseCode = null;
      responseDateTime = null;
      executionDateTime = null;
      alertCode = null;
      payload = false;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes attributes) {
      depth++;
      if (depth <= MAX_DEPTH) {
        path[depth] = SR.equals(uri) ? localName : null;
      }
      if (depth == 1) {
        root = localName;
        rootNamespace = uri;
      } else if (depth == 2 && "Header".equals(path[2])) {
        header = true;
      } else if (depth == 3 && "Header".equals(path[2])) {
        capturing = path[3] != null;
        captureDepth = 3;
      } else if (depth == 3 && "Body".equals(path[2]) && bodyElement == null) {
        bodyElement = path[3] == null ? "{" + uri + "}" + localName : path[3];
      } else if (depth == 4 && "Body".equals(path[2]) && path[3] != null) {
        String name = path[4];
        capturing =
            name != null
                && switch (path[3]) {
                  case "ResponseMessage" -> "ServiceReferenceVariant".equals(name);
                  case "DeviceAlertMessage" -> "AlertCode".equals(name);
                  case "DCCAlertMessage" -> "DCCAlertCode".equals(name);
                  default -> "ExecutionDateTime".equals(name);
                };
        captureDepth = 4;
        if ("ResponseMessage".equals(path[3])
            && !"ServiceReference".equals(name)
            && !"ServiceReferenceVariant".equals(name)) {
          payload = true;
        }
      }
      text.setLength(0);
    }

    @Override
    public void characters(char[] ch, int start, int length) {
      if (capturing) {
        text.append(ch, start, length);
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      if (capturing && depth == captureDepth) {
        String value = text.toString().strip();
        String v = value.isEmpty() ? null : value;
        if (depth == 3) {
          switch (path[3]) {
            case "RequestID" -> requestId = first(requestId, v);
            case "ResponseID" -> responseId = first(responseId, v);
            case "ResponseCode" -> responseCode = first(responseCode, v);
            case "ResponseDateTime" -> responseDateTime = first(responseDateTime, v);
            case "ServiceReferenceVariant" -> srv = first(srv, v);
            default -> {}
          }
        } else {
          switch (path[4]) {
            case "ServiceReferenceVariant" -> srv = first(srv, v);
            case "ExecutionDateTime" -> executionDateTime = first(executionDateTime, v);
            default -> alertCode = first(alertCode, v);
          }
        }
        capturing = false;
      }
      depth--;
    }

    private static String first(String existing, String value) {
      return existing != null ? existing : value;
    }

    @Override
    public void warning(SAXParseException e) {}

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }

    DuisMessage message() throws InvalidMessageException {
      if (!SR.equals(rootNamespace) || !("Request".equals(root) || "Response".equals(root))) {
        throw new InvalidMessageException(
            "not a DUIS message: the root element is {"
                + rootNamespace
                + "}"
                + root
                + ", expected sr:Request or sr:Response");
      }
      DuisMessage.Shape shape;
      if ("Request".equals(root)) {
        shape = DuisMessage.Shape.REQUEST;
      } else if ("DeviceAlertMessage".equals(bodyElement)) {
        shape = DuisMessage.Shape.DEVICE_ALERT;
      } else if ("DCCAlertMessage".equals(bodyElement)) {
        shape = DuisMessage.Shape.DCC_ALERT;
      } else if (bodyElement == null || "ResponseMessage".equals(bodyElement)) {
        shape = DuisMessage.Shape.RESPONSE;
      } else {
        throw new InvalidMessageException(
            "unknown Response body: sr:Body holds "
                + bodyElement
                + ", expected sr:ResponseMessage, sr:DeviceAlertMessage or sr:DCCAlertMessage");
      }
      return new DuisMessage(
          shape,
          requestId,
          responseId,
          srv,
          responseCode,
          responseDateTime,
          executionDateTime,
          alertCode,
          !payload,
          header);
    }
  }
}
