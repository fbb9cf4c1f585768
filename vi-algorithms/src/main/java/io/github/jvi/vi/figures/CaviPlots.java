package io.github.jvi.vi.figures;

import io.github.jvi.core.plot.Charts;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plot helpers for the CAVI figures: scatter plots coloured by responsibility (and sized by a
 * weight), contour lines by marching squares, covariance ellipses, and side-by-side panels.
 */
final class CaviPlots {
  private CaviPlots() {}

  /** A marker of a fixed size in pixels (XChart otherwise sizes every marker of a chart alike). */
  static final class Sized extends Marker {
    private final Marker base;
    private final double pixels;

    Sized(Marker base, double pixels) {
      this.base = base;
      this.pixels = pixels;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int size) {
      g.setStroke(new java.awt.BasicStroke(2f));
      base.paint(g, x, y, (int) Math.max(1, Math.round(pixels)));
    }
  }

  /**
   * Drops points of a polyline closer than {@code step} (in units of the axis ranges) to the last
   * kept one, so that dash patterns (which XChart restarts on every segment) stay visible.
   */
  static double[][] thin(double[][] line, double xRange, double yRange, double step) {
    int n = line[0].length;
    List<double[]> kept = new ArrayList<>();
    double[] last = null;
    for (int i = 0; i < n; i++) {
      double[] p = {line[0][i], line[1][i]};
      if (last == null || i == n - 1
          || Math.hypot((p[0] - last[0]) / xRange, (p[1] - last[1]) / yRange) >= step) {
        kept.add(p);
        last = p;
      }
    }
    double[][] out = new double[2][kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      out[0][i] = kept.get(i)[0];
      out[1][i] = kept.get(i)[1];
    }
    return out;
  }

  /** The palette colour of component k, mixed with light grey by 1 - weight. */
  static Color shade(int k, double weight) {
    Color c = Charts.PALETTE[k % Charts.PALETTE.length];
    double w = Math.max(0, Math.min(1, weight));
    int grey = 225;
    return new Color((int) Math.round(w * c.getRed() + (1 - w) * grey),
        (int) Math.round(w * c.getGreen() + (1 - w) * grey), (int) Math.round(w * c.getBlue() + (1 - w) * grey));
  }

  /**
   * Adds points coloured by their responsibilities: each point takes the colour of its most
   * responsible component, paler as that responsibility falls (buckets above 0.95, 0.75, 0.55 and
   * below), and a size scale ({@code sizes[n]} times the chart's marker size, or 1 when null).
   * Points are grouped into one series per (component, bucket, size) because XChart colours and
   * sizes markers per series; only one legend entry per component is shown.
   */
  static void responsibilityScatter(XYChart chart, double[] x, double[] y, double[][] r, double[] sizes,
      String label) {
    int k = r[0].length;
    double[] cut = {0.95, 0.75, 0.55, 0};
    double[] shadeOf = {1.0, 0.7, 0.45, 0.25};
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    Map<String, double[]> meta = new HashMap<>();
    for (int n = 0; n < x.length; n++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (r[n][j] > r[n][best]) {
          best = j;
        }
      }
      int bucket = 0;
      while (r[n][best] < cut[bucket]) {
        bucket++;
      }
      double size = sizes == null ? 6 : Math.round(sizes[n]);
      String key = best + "/" + bucket + "/" + size;
      groups.computeIfAbsent(key, s -> new ArrayList<>()).add(n);
      meta.put(key, new double[] {best, bucket, size});
    }
    boolean[] shown = new boolean[k];
    // draw confident points last so they sit on top
    List<String> keys = new ArrayList<>(groups.keySet());
    keys.sort((a, b) -> meta.get(a)[1] != meta.get(b)[1] ? Double.compare(meta.get(b)[1], meta.get(a)[1])
        : Double.compare(meta.get(a)[0], meta.get(b)[0]));
    for (String key : keys) {
      List<Integer> idx = groups.get(key);
      double[] m = meta.get(key);
      int comp = (int) m[0];
      double[] xs = new double[idx.size()];
      double[] ys = new double[idx.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = x[idx.get(i)];
        ys[i] = y[idx.get(i)];
      }
      String name = shown[comp] || m[1] != 0 ? label + " " + comp + " " + key : label + " " + (comp + 1);
      XYSeries s = chart.addSeries(name, xs, ys);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(new Sized(SeriesMarkers.CIRCLE, m[2]));
      s.setMarkerColor(shade(comp, shadeOf[(int) m[1]]));
      boolean legend = !shown[comp] && m[1] == 0;
      s.setShowInLegend(legend);
      if (legend) {
        shown[comp] = true;
      }
    }
  }

  /**
   * Component means as large diamonds in the colours of the components {@code ids}, ringed in white
   * and black so that they stand out on points of their own colour.
   */
  static void means(XYChart chart, double[][] means, int[] ids, String name) {
    for (int k = 0; k < means.length; k++) {
      double[] mx = {means[k][0]};
      double[] my = {means[k][1]};
      Color[] colours = {Color.BLACK, Color.WHITE, shade(ids[k], 1)};
      double[] sizes = {22, 17, 12};
      for (int layer = 0; layer < 3; layer++) {
        XYSeries s = chart.addSeries(name + " " + k + "/" + layer, mx, my);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(new Sized(SeriesMarkers.DIAMOND, sizes[layer]));
        s.setMarkerColor(colours[layer]);
        s.setShowInLegend(k == 0 && layer == 0);
        if (k == 0 && layer == 0) {
          s.setLabel(name);
        }
      }
    }
  }

  /** The ellipse {x : (x - m)^T cov^-1 (x - m) = r^2} as a closed polyline. */
  static double[][] ellipse(double[] m, double[][] cov, double r) {
    double a = cov[0][0];
    double b = cov[0][1];
    double c = cov[1][1];
    double l11 = Math.sqrt(a);
    double l21 = b / l11;
    double l22 = Math.sqrt(Math.max(0, c - l21 * l21));
    int n = 120;
    double[] xs = new double[n + 1];
    double[] ys = new double[n + 1];
    for (int i = 0; i <= n; i++) {
      double t = 2 * Math.PI * i / n;
      double u = r * Math.cos(t);
      double v = r * Math.sin(t);
      xs[i] = m[0] + l11 * u;
      ys[i] = m[1] + l21 * u + l22 * v;
    }
    return new double[][] {xs, ys};
  }

  /**
   * Contour lines of z (z[i][j] at (xs[i], ys[j])) at one level, by marching squares with the
   * cell-centre rule for saddles; returns polylines as {x[], y[]} pairs (closed curves repeat their
   * first point).
   */
  static List<double[][]> contour(double[] xs, double[] ys, double[][] z, double level) {
    int nx = xs.length;
    int ny = ys.length;
    // crossing points on edges: id 2*(j*nx+i) for the edge (i,j)-(i+1,j), +1 for (i,j)-(i,j+1)
    Map<Integer, double[]> point = new HashMap<>();
    Map<Integer, List<Integer>> adj = new HashMap<>();
    for (int i = 0; i < nx - 1; i++) {
      for (int j = 0; j < ny - 1; j++) {
        double z00 = z[i][j];
        double z10 = z[i + 1][j];
        double z11 = z[i + 1][j + 1];
        double z01 = z[i][j + 1];
        int bottom = 2 * (j * nx + i);
        int top = 2 * ((j + 1) * nx + i);
        int left = 2 * (j * nx + i) + 1;
        int right = 2 * (j * nx + i + 1) + 1;
        List<Integer> crossings = new ArrayList<>(4);
        if ((z00 >= level) != (z10 >= level)) {
          crossings.add(bottom);
          point.put(bottom, new double[] {lerp(xs[i], xs[i + 1], z00, z10, level), ys[j]});
        }
        if ((z10 >= level) != (z11 >= level)) {
          crossings.add(right);
          point.put(right, new double[] {xs[i + 1], lerp(ys[j], ys[j + 1], z10, z11, level)});
        }
        if ((z01 >= level) != (z11 >= level)) {
          crossings.add(top);
          point.put(top, new double[] {lerp(xs[i], xs[i + 1], z01, z11, level), ys[j + 1]});
        }
        if ((z00 >= level) != (z01 >= level)) {
          crossings.add(left);
          point.put(left, new double[] {xs[i], lerp(ys[j], ys[j + 1], z00, z01, level)});
        }
        if (crossings.size() == 2) {
          link(adj, crossings.get(0), crossings.get(1));
        } else if (crossings.size() == 4) {
          // saddle: crossings are in the order bottom, right, top, left
          boolean centreAbove = (z00 + z10 + z11 + z01) / 4 >= level;
          boolean cornerAbove = z00 >= level;
          if (centreAbove == cornerAbove) {
            link(adj, bottom, right);
            link(adj, top, left);
          } else {
            link(adj, bottom, left);
            link(adj, right, top);
          }
        }
      }
    }
    List<double[][]> lines = new ArrayList<>();
    java.util.Set<Integer> used = new java.util.HashSet<>();
    // open chains first (ends have one neighbour), then closed loops
    List<Integer> starts = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : adj.entrySet()) {
      if (e.getValue().size() == 1) {
        starts.add(e.getKey());
      }
    }
    starts.addAll(adj.keySet());
    for (int start : starts) {
      if (used.contains(start)) {
        continue;
      }
      List<double[]> pts = new ArrayList<>();
      int prev = -1;
      int cur = start;
      while (cur >= 0 && !used.contains(cur)) {
        used.add(cur);
        pts.add(point.get(cur));
        int next = -1;
        for (int nb : adj.get(cur)) {
          if (nb != prev && !used.contains(nb)) {
            next = nb;
            break;
          }
        }
        if (next < 0 && adj.get(cur).contains(start) && pts.size() > 2) {
          pts.add(point.get(start)); // close the loop
        }
        prev = cur;
        cur = next;
      }
      double[][] line = new double[2][pts.size()];
      for (int i = 0; i < pts.size(); i++) {
        line[0][i] = pts.get(i)[0];
        line[1][i] = pts.get(i)[1];
      }
      lines.add(line);
    }
    return lines;
  }

  private static void link(Map<Integer, List<Integer>> adj, int a, int b) {
    adj.computeIfAbsent(a, s -> new ArrayList<>(2)).add(b);
    adj.computeIfAbsent(b, s -> new ArrayList<>(2)).add(a);
  }

  private static double lerp(double a, double b, double za, double zb, double level) {
    double t = (level - za) / (zb - za);
    return a + t * (b - a);
  }

  /**
   * Density levels enclosing the given probability masses (highest-density regions) of a density
   * tabulated on a uniform grid: sort cell values, accumulate from the top.
   */
  static double[] massLevels(double[][] density, double[] masses) {
    int n = density.length * density[0].length;
    double[] v = new double[n];
    int idx = 0;
    double total = 0;
    for (double[] row : density) {
      for (double d : row) {
        v[idx++] = d;
        total += d;
      }
    }
    java.util.Arrays.sort(v);
    double[] levels = new double[masses.length];
    for (int m = 0; m < masses.length; m++) {
      double acc = 0;
      double level = v[n - 1];
      for (int i = n - 1; i >= 0; i--) {
        acc += v[i];
        level = v[i];
        if (acc >= masses[m] * total) {
          break;
        }
      }
      levels[m] = level;
    }
    return levels;
  }

  /** Charts side by side in one image. */
  static BufferedImage row(List<? extends Chart<?, ?>> charts) {
    return grid(charts, charts.size());
  }

  /** Charts in a grid with {@code cols} columns. */
  static BufferedImage grid(List<? extends Chart<?, ?>> charts, int cols) {
    List<BufferedImage> imgs = new ArrayList<>();
    for (Chart<?, ?> c : charts) {
      imgs.add(BitmapEncoder.getBufferedImage(c));
    }
    int w = imgs.get(0).getWidth();
    int h = imgs.get(0).getHeight();
    int rows = (imgs.size() + cols - 1) / cols;
    BufferedImage out = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int i = 0; i < imgs.size(); i++) {
      g.drawImage(imgs.get(i), (i % cols) * w, (i / cols) * h, null);
    }
    g.dispose();
    return out;
  }
}
