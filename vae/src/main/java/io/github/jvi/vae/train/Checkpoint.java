package io.github.jvi.vae.train;

import io.github.jvi.core.io.AtomicFiles;
import io.github.jvi.core.optim.Adam;
import io.github.jvi.core.optim.Optimizer;
import io.github.jvi.gpu.Rng;
import io.github.jvi.vae.model.Vae;
import io.github.jvi.vae.model.VaeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained model and the state to continue training it, in one zip file:
 *
 * <pre>
 * checkpoint.properties   format, epoch, data type, parameter names, optimiser step count,
 *                         the model configuration (model.*) and the training configuration (train.*)
 * params/NAME             each parameter array (ND4J binary format: shape, type, values)
 * optimizer/I             each optimiser state array (Adam's first and second moments)
 * history.csv             epoch, elbo, reconstruction, kl, seconds
 * </pre>
 * {@link #save} writes to a temporary file in the same directory and moves it into place, so a
 * crash never leaves a truncated checkpoint where a good one was. Arrays are copied on creation:
 * later training does not change a checkpoint object.
 */
public final class Checkpoint {
  /** The format identifier written in every file. */
  public static final String FORMAT = "jvi-vae-checkpoint-1";
  private final VaeConfig model;
  private final TrainConfig train;
  private final int epoch;
  private final DataType type;
  private final Map<String, INDArray> params;
  private final long optimizerSteps;
  private final List<INDArray> optimizerState;
  private final List<EpochStats> history;

  private Checkpoint(VaeConfig model, TrainConfig train, int epoch, DataType type, Map<String, INDArray> params,
      long optimizerSteps, List<INDArray> optimizerState, List<EpochStats> history) {
    this.model = model;
    this.train = train;
    this.epoch = epoch;
    this.type = type;
    this.params = params;
    this.optimizerSteps = optimizerSteps;
    this.optimizerState = optimizerState;
    this.history = history;
  }

  /** A snapshot of a model after {@code epoch} completed epochs (copies every array). */
  public static Checkpoint of(Vae vae, TrainConfig train, int epoch, Optimizer optimizer, List<EpochStats> history) {
    Map<String, INDArray> p = new LinkedHashMap<>();
    for (int i = 0; i < vae.parameters().size(); i++) {
      p.put(vae.parameters().name(i), vae.parameters().value(i).dup());
    }
    List<INDArray> state = optimizer == null ? List.of() : optimizer.state();
    return new Checkpoint(vae.config(), train, epoch, vae.parameters().dataType(), p,
        optimizer == null ? 0 : optimizer.steps(), state, List.copyOf(history));
  }

  /** The model configuration. */
  public VaeConfig modelConfig() {
    return model;
  }

  /** The training configuration. */
  public TrainConfig trainConfig() {
    return train;
  }

  /** Completed epochs. */
  public int epoch() {
    return epoch;
  }

  /** Per-epoch history so far. */
  public List<EpochStats> history() {
    return history;
  }

  /** The parameter arrays by name (copies). */
  public Map<String, INDArray> parameters() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, v.dup()));
    return out;
  }

  /** A model with this configuration and these weights. */
  public Vae model() {
    Vae vae = Vae.create(model, type, Rng.of(0));
    vae.parameters().assign(params);
    return vae;
  }

  /** Adam with the training configuration's learning rate and this optimiser state. */
  public Adam optimizer() {
    Adam adam = Adam.of(train.lr());
    adam.restore(optimizerSteps, optimizerState);
    return adam;
  }

  /** Writes the checkpoint atomically. */
  public void save(Path file) {
    Properties meta = new Properties();
    meta.putAll(model.toProperties());
    meta.putAll(train.toProperties());
    meta.setProperty("format", FORMAT);
    meta.setProperty("epoch", Integer.toString(epoch));
    meta.setProperty("dataType", type.name());
    meta.setProperty("params", String.join(",", params.keySet()));
    meta.setProperty("optimizer.steps", Long.toString(optimizerSteps));
    meta.setProperty("optimizer.slots", Integer.toString(optimizerState.size()));
    AtomicFiles.write(file, raw -> {
      try (ZipOutputStream zip = new ZipOutputStream(raw)) {
        zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION); // weights do not compress; speed matters
        zip.putNextEntry(new ZipEntry("checkpoint.properties"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        meta.store(b, "jvi VAE checkpoint");
        zip.write(b.toByteArray());
        zip.closeEntry();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
          writeArray(zip, "params/" + e.getKey(), e.getValue());
        }
        for (int i = 0; i < optimizerState.size(); i++) {
          if (optimizerState.get(i) != null) {
            writeArray(zip, "optimizer/" + i, optimizerState.get(i));
          }
        }
        zip.putNextEntry(new ZipEntry("history.csv"));
        StringBuilder h = new StringBuilder("epoch,elbo,reconstruction,kl,seconds\n");
        for (EpochStats s : history) {
          h.append(s.epoch()).append(',').append(s.elbo()).append(',').append(s.reconstruction()).append(',')
              .append(s.kl()).append(',').append(s.seconds()).append('\n');
        }
        zip.write(h.toString().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    });
  }

  private static void writeArray(ZipOutputStream zip, String name, INDArray a) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    Nd4j.write(new NonClosing(zip), a);
    zip.closeEntry();
  }

  /**
   * Reads a checkpoint.
   *
   * @throws UncheckedIOException naming the file if it is missing, not a checkpoint, or damaged
   */
  public static Checkpoint load(Path file) {
    Map<String, byte[]> entries = new HashMap<>();
    try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.put(e.getName(), zip.readAllBytes());
      }
    } catch (NoSuchFileException e) {
      throw bad(file, "no such file");
    } catch (ZipException | java.io.EOFException e) {
      throw bad(file, "not a readable zip file (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw bad(file, e.getMessage());
    }
    byte[] metaBytes = entries.get("checkpoint.properties");
    if (metaBytes == null) {
      throw bad(file, "no checkpoint.properties entry: not a jvi VAE model file");
    }
    Properties meta = new Properties();
    try {
      meta.load(new StringReader(new String(metaBytes, StandardCharsets.ISO_8859_1)));
      if (!FORMAT.equals(meta.getProperty("format"))) {
        throw bad(file, "format '" + meta.getProperty("format") + "', expected '" + FORMAT + "'");
      }
      VaeConfig model = VaeConfig.fromProperties(meta);
      TrainConfig train = TrainConfig.fromProperties(meta);
      int epoch = Integer.parseInt(meta.getProperty("epoch"));
      DataType type = DataType.valueOf(meta.getProperty("dataType"));
      Map<String, INDArray> params = new LinkedHashMap<>();
      for (String name : meta.getProperty("params").split(",")) {
        params.put(name, readArray(file, entries, "params/" + name));
      }
      int slots = Integer.parseInt(meta.getProperty("optimizer.slots"));
      List<INDArray> state = new ArrayList<>(Collections.nCopies(slots, (INDArray) null));
      for (int i = 0; i < slots; i++) {
        if (entries.containsKey("optimizer/" + i)) {
          state.set(i, readArray(file, entries, "optimizer/" + i));
        }
      }
      long steps = Long.parseLong(meta.getProperty("optimizer.steps"));
      List<EpochStats> history = new ArrayList<>();
      byte[] h = entries.get("history.csv");
      if (h != null) {
        String[] lines = new String(h, StandardCharsets.UTF_8).split("\n");
        for (int i = 1; i < lines.length; i++) {
          String[] f = lines[i].split(",");
          history.add(new EpochStats(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
              Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        }
      }
      Checkpoint c = new Checkpoint(model, train, epoch, type, params, steps, state, List.copyOf(history));
      c.model(); // validates names and shapes against the configuration
      return c;
    } catch (IOException | RuntimeException e) {
      if (e instanceof UncheckedIOException u && u.getMessage().startsWith("cannot load")) {
        throw u;
      }
      throw bad(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static INDArray readArray(Path file, Map<String, byte[]> entries, String name) {
    byte[] b = entries.get(name);
    if (b == null) {
      throw bad(file, "entry " + name + " is missing");
    }
    try {
      return Nd4j.read(new ByteArrayInputStream(b));
    } catch (RuntimeException e) {
      throw bad(file, "entry " + name + " is damaged (" + e.getMessage() + ")");
    }
  }

  private static UncheckedIOException bad(Path file, String why) {
    String m = "cannot load model file " + file + ": " + why;
    return new UncheckedIOException(m, new IOException(m));
  }

  /** Keeps ND4J's writer from closing the zip stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
