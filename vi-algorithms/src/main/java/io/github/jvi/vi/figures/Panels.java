package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Lays charts out in a grid of panels in one PNG (XChart draws one chart per image). */
final class Panels {
  private Panels() {}

  /** Renders the charts {@code cols} per row into one image and writes it atomically. */
  static Path save(List<XYChart> charts, int cols, Path file) {
    int rows = (charts.size() + cols - 1) / cols;
    int w = charts.get(0).getWidth();
    int h = charts.get(0).getHeight();
    BufferedImage img = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    for (int i = 0; i < charts.size(); i++) {
      g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % cols) * w, (i / cols) * h, null);
    }
    g.dispose();
    return Charts.saveImage(img, file);
  }

  /** Every k-th element (k &gt;= 1) of x, keeping the last: thins long traces for plotting. */
  static double[] thin(double[] x, int k) {
    int n = (x.length + k - 1) / k;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = x[Math.min(i * k, x.length - 1)];
    }
    out[n - 1] = x[x.length - 1];
    return out;
  }

  /** Means of consecutive windows of w values (the last window may be shorter). */
  static double[] windowMeans(double[] x, int w) {
    int n = (x.length + w - 1) / w;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int end = Math.min(x.length, (i + 1) * w);
      double s = 0;
      for (int j = i * w; j < end; j++) {
        s += x[j];
      }
      out[i] = s / (end - i * w);
    }
    return out;
  }

  /** The window centres matching {@link #windowMeans}. */
  static double[] windowCentres(int length, int w) {
    int n = (length + w - 1) / w;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.floor((i * w + Math.min(length, (i + 1) * w)) / 2.0);
    }
    return out;
  }
}
