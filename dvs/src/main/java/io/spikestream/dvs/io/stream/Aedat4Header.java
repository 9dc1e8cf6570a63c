package io.spikestream.dvs.io.stream;

import io.spikestream.dvs.SensorGeometry;
import io.spikestream.dvs.io.EventFormatException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The IOHeader of an AEDAT 4.0 file or DV network stream: a flatbuffer table (identifier {@code
 * IOHE}) with field 0 {@code compression} (int32, default NONE), field 1 {@code dataTablePosition}
 * (int64, default -1: no data table) and field 2 {@code infoNode} (an XML string describing the
 * streams: one {@code node} per stream id with attributes {@code typeIdentifier}, e.g. EVTS, FRME,
 * IMUS, TRIG, and an {@code info} node with {@code sizeX}/{@code sizeY}).
 *
 * @param compression packet compression
 * @param dataTablePosition file offset of the data table (where packets end), or -1
 * @param infoNode the XML as stored
 * @param streams the streams the XML declares, in document order
 */
public record Aedat4Header(
    Aedat4Compression compression,
    long dataTablePosition,
    String infoNode,
    List<Aedat4StreamInfo> streams) {

  public Aedat4Header {
    streams = List.copyOf(streams);
  }

  /**
   * One stream of the file.
   *
   * @param id the stream id that packets carry
   * @param typeIdentifier flatbuffer identifier of its packets (EVTS = events)
   * @param width sizeX, or -1 when not given
   * @param height sizeY, or -1 when not given
   */
  public record Aedat4StreamInfo(int id, String typeIdentifier, int width, int height) {

    /** Whether this stream carries polarity events. */
    public boolean isEvents() {
      return "EVTS".equals(typeIdentifier);
    }
  }

  /** The first events stream, or null when none is declared. */
  public Aedat4StreamInfo eventStream() {
    for (Aedat4StreamInfo s : streams) {
      if (s.isEvents()) {
        return s;
      }
    }
    return null;
  }

  /** The events stream's geometry, or null when the header does not give it. */
  public SensorGeometry geometry() {
    Aedat4StreamInfo s = eventStream();
    if (s == null || s.width() < 1 || s.height() < 1) {
      return null;
    }
    return new SensorGeometry(s.width(), s.height());
  }

  /**
   * Parses the IOHeader flatbuffer {@code buf[from, to)} (without its size prefix).
   *
   * @param fileOffset offset of {@code buf[from]} in the file or stream, for error messages
   */
  public static Aedat4Header parse(ByteBuffer buf, int from, int to, long fileOffset)
      throws EventFormatException {
    FlatBuffers fb = new FlatBuffers(buf, from, to, fileOffset, "AEDAT 4.0 IOHeader");
    int root = fb.root();
    int cField = fb.field(root, 0);
    int code = cField < 0 ? 0 : fb.getInt(cField);
    Aedat4Compression compression = Aedat4Compression.ofCode(code);
    if (compression == null) {
      throw fb.error("unknown compression type " + code + " (known: 0..4)", cField);
    }
    int dField = fb.field(root, 1);
    long dataTable = dField < 0 ? -1 : fb.getLong(dField);
    int iField = fb.field(root, 2);
    String info = iField < 0 ? "" : fb.string(iField);
    List<Aedat4StreamInfo> streams;
    try {
      streams = streams(info);
    } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
      throw fb.error("infoNode is not readable XML (" + e.getMessage() + ")", iField);
    }
    return new Aedat4Header(compression, dataTable, info, streams);
  }

  private static List<Aedat4StreamInfo> streams(String xml)
      throws IOException, SAXException, ParserConfigurationException {
    List<Aedat4StreamInfo> result = new ArrayList<>();
    if (xml.isBlank()) {
      return result;
    }
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setExpandEntityReferences(false);
    DocumentBuilder b = f.newDocumentBuilder();
    b.setErrorHandler(null);
    Element root = b.parse(new InputSource(new StringReader(xml))).getDocumentElement();
    NodeList nodes = root.getElementsByTagName("node");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element node = (Element) nodes.item(i);
      String type = attr(node, "typeIdentifier");
      if (type == null) {
        continue;
      }
      int id;
      try {
        id = Integer.parseInt(node.getAttribute("name").trim());
      } catch (NumberFormatException e) {
        continue;
      }
      int w = -1;
      int h = -1;
      NodeList children = node.getElementsByTagName("node");
      for (int j = 0; j < children.getLength(); j++) {
        Element c = (Element) children.item(j);
        if ("info".equals(c.getAttribute("name"))) {
          w = intAttr(c, "sizeX");
          h = intAttr(c, "sizeY");
        }
      }
      result.add(new Aedat4StreamInfo(id, type, w, h));
    }
    return result;
  }

  /** Value of the direct child {@code <attr key="key">} of {@code node}, or null. */
  private static String attr(Element node, String key) {
    for (Node c = node.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c instanceof Element e
          && "attr".equals(e.getTagName())
          && key.equals(e.getAttribute("key"))) {
        return e.getTextContent().trim();
      }
    }
    return null;
  }

  private static int intAttr(Element node, String key) {
    String v = attr(node, key);
    if (v == null) {
      return -1;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
