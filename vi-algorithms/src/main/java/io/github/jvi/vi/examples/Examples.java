package io.github.jvi.vi.examples;

import io.github.jvi.core.io.JsonData;
import io.github.jvi.core.model.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/** The example models by name, each with its default data set (shipped, or synthetic). */
public final class Examples {
  /** An example: its name, what it is, its model factory and its default data. */
  public record Example(String name, String description, Function<JsonData, Model> model,
      Supplier<JsonData> defaultData) {}

  private static final Map<String, Example> ALL = new LinkedHashMap<>();

  static {
    add("eight_schools_noncentered", "hierarchical normal, non-centred (posteriordb eight_schools)", "eight_schools.json",
        PosteriorDbModels::eightSchoolsNoncentered);
    add("kidscore_momiq", "linear regression of kid_score on mom_iq (posteriordb kidiq)", "kidiq.json",
        PosteriorDbModels::kidscoreMomiq);
    add("logearn_height", "linear regression of log earnings on height (posteriordb earnings)", "earnings.json",
        PosteriorDbModels::logearnHeight);
    add("blr", "Bayesian linear regression, D = 5 (posteriordb sblrc)", "sblrc.json", PosteriorDbModels::blr);
    add("low_dim_gauss_mix", "two-component normal mixture, ordered means (posteriordb)", "low_dim_gauss_mix.json",
        PosteriorDbModels::lowDimGaussMix);
    add("logmesquite_logvolume", "log-log regression of weight on canopy volume (posteriordb mesquite)", "mesquite.json",
        PosteriorDbModels::logmesquiteLogvolume);
    add("arK", "autoregressive model of order K = 5 (posteriordb arK)", "arK.json", PosteriorDbModels::arK);
    ALL.put("normal_gamma", new Example("normal_gamma", "the course's Normal-Gamma model (unknown mean and precision)",
        CourseModels::normalGamma, () -> JsonData.parse("synthetic normal_gamma data", syntheticNormalJson())));
    ALL.put("logistic_regression", new Example("logistic_regression", "Bayesian logistic regression (synthetic data, N = 500, D = 4)",
        CourseModels::logisticRegression,
        () -> JsonData.parse("synthetic logistic data", CourseModels.syntheticLogisticJson(500, 4, 7))));
  }

  private Examples() {}

  private static void add(String name, String description, String resource, Function<JsonData, Model> model) {
    ALL.put(name, new Example(name, description, model, () -> resource(resource)));
  }

  /** Every example, by name, in a fixed order. */
  public static Map<String, Example> all() {
    return java.util.Collections.unmodifiableMap(ALL);
  }

  /** The example {@code name}. */
  public static Example get(String name) {
    Example e = ALL.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no example model named '" + name + "'; the models are " + ALL.keySet());
    }
    return e;
  }

  /** A data file shipped in this package's resources. */
  public static JsonData resource(String file) {
    try (InputStream in = Examples.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalArgumentException("no shipped data file " + file);
      }
      return JsonData.parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 100 draws of N(2, 0.5^2) (seeded), as {@code {"N": 100, "x": [...]}}. */
  private static String syntheticNormalJson() {
    io.github.jvi.gpu.Rng rng = io.github.jvi.gpu.Rng.of(20141222);
    StringBuilder b = new StringBuilder("{\"N\": 100, \"x\": [");
    for (int i = 0; i < 100; i++) {
      b.append(i == 0 ? "" : ", ").append(2 + 0.5 * rng.nextGaussian());
    }
    return b.append("]}").toString();
  }
}
