package io.github.jvi.core.plot;

import io.github.jvi.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Thin helpers over XChart: consistently styled line and scatter charts, horizontal reference
 * lines, image grids, and atomic PNG output. Callers add series with XChart's own API.
 */
public final class Charts {
  /** A qualitative palette (Tableau 10) for classes and series. */
  public static final Color[] PALETTE = {
      new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
      new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
      new Color(188, 189, 34), new Color(23, 190, 207)};

  private Charts() {}

  /** A line chart with axis titles, legend inside the plot. */
  public static XYChart lines(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(800).height(560).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    org.knowm.xchart.style.XYStyler st = chart.getStyler();
    st.setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setMarkerSize(0);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotGridLinesColor(new Color(230, 230, 230));
    st.setSeriesColors(PALETTE);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    return chart;
  }

  /** A scatter chart (markers only). */
  public static XYChart scatter(String title, String xTitle, String yTitle) {
    XYChart chart = lines(title, xTitle, yTitle);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  /** Adds a line series without markers. */
  public static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  /** Adds a dashed horizontal reference line spanning [x0, x1]. */
  public static XYSeries hline(XYChart chart, String name, double y, double x0, double x1) {
    XYSeries s = line(chart, name, new double[] {x0, x1}, new double[] {y, y});
    s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
    return s;
  }

  /** 0, 1, ..., n-1 as doubles (iteration axes). */
  public static double[] range(int n) {
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /** Writes a chart as PNG, atomically; returns the path. */
  public static Path savePng(Chart<?, ?> chart, Path file) {
    BufferedImage img = BitmapEncoder.getBufferedImage(chart);
    return saveImage(img, file);
  }

  /** Writes an image as PNG, atomically; returns the path. */
  public static Path saveImage(BufferedImage img, Path file) {
    AtomicFiles.write(file, out -> {
      if (!ImageIO.write(img, "png", out)) {
        throw new java.io.IOException("no PNG writer");
      }
    });
    return file;
  }

  /**
   * A grid of grey-scale images: {@code images[i]} holds {@code h*w} intensities in [0, 1]
   * (row-major; 1 = black ink, as MNIST), laid out {@code cols} per row and scaled by {@code zoom}.
   */
  public static BufferedImage imageGrid(List<double[]> images, int h, int w, int cols, int zoom) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("images must not be empty");
    }
    int rows = (images.size() + cols - 1) / cols;
    int pad = 2;
    int cw = w * zoom + pad;
    int ch = h * zoom + pad;
    BufferedImage img = new BufferedImage(cols * cw + pad, rows * ch + pad, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.dispose();
    for (int k = 0; k < images.size(); k++) {
      double[] im = images.get(k);
      if (im.length != h * w) {
        throw new IllegalArgumentException("image " + k + " has " + im.length + " values, expected " + h * w);
      }
      int ox = pad + (k % cols) * cw;
      int oy = pad + (k / cols) * ch;
      for (int r = 0; r < h; r++) {
        for (int c = 0; c < w; c++) {
          double v = Math.max(0, Math.min(1, im[r * w + c]));
          int grey = (int) Math.round(255 * (1 - v));
          int rgb = (grey << 16) | (grey << 8) | grey;
          for (int dy = 0; dy < zoom; dy++) {
            for (int dx = 0; dx < zoom; dx++) {
              img.setRGB(ox + c * zoom + dx, oy + r * zoom + dy, rgb);
            }
          }
        }
      }
    }
    return img;
  }

  /** Splits a flat row-major [n, d] array into n rows. */
  public static List<double[]> rows(double[] flat, int n, int d) {
    List<double[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d));
    }
    return out;
  }
}
