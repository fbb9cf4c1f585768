package io.github.jvi.verification.support;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The opt-in exploration mode of the property suites: with the system property
 * {@value #PROPERTY}{@code =true} ({@code jvi verify --random}, or
 * {@code mvn test -Djvi.verify.random=true}, which surefire passes on to the test JVM), every
 * {@code @Property} runs with a fresh random seed instead of the fixed one in its annotation;
 * jqwik reports the seed it used with every result, so a failure found this way can be pinned and
 * replayed. Without the property (CI, a plain {@code mvn test}, {@code jvi verify}) this hook does
 * nothing and every property runs with its fixed seed, so that two runs make the same tries with
 * the same results.
 *
 * <p>Registered for every property through {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 * It clears the seed attribute of the property before jqwik resolves its effective seed, which
 * jqwik then draws at random (jqwik 1.8's {@code jqwik.seeds.whenfixed} only warns about or fails
 * on fixed seeds; it cannot replace them).
 */
public final class Exploration implements AroundPropertyHook {
  /** The system property that switches fresh seeds on. */
  public static final String PROPERTY = "jvi.verify.random";

  /** Whether fresh seeds are switched on in this JVM. */
  public static boolean enabled() {
    return Boolean.parseBoolean(System.getProperty(PROPERTY, "false"));
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    if (enabled()) {
      context.attributes().setSeed("");
    }
    return property.execute();
  }
}
