package io.github.jvi.vae.nn;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reused ND4J memory for loops whose every iteration allocates the same arrays (a training step,
 * an evaluation batch): inside {@code try (MemoryWorkspace ws = Workspaces.scope("name")) {...}}
 * arrays come from one block that is recycled when the scope closes, instead of fresh native
 * memory (whose page faults cost about 2.5 ns per element here). Arrays created in the scope must
 * not be used after it closes: copy results out ({@code assign} into an outer array, or read
 * scalars). Set the system property {@code jvi.workspaces=false} to allocate normally.
 */
public final class Workspaces {
  private static final boolean ENABLED = !"false".equals(System.getProperty("jvi.workspaces"));
  private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0).policyAllocation(AllocationPolicy.STRICT).policyLearning(LearningPolicy.FIRST_LOOP)
      .policyMirroring(MirroringPolicy.FULL).policySpill(SpillPolicy.REALLOCATE).build();

  private Workspaces() {}

  /** Opens (and activates) the workspace {@code id} for one iteration. */
  public static MemoryWorkspace scope(String id) {
    return ENABLED ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id)
        : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
  }

  /** A scope in which allocations are ordinary (for results that outlive an iteration). */
  public static MemoryWorkspace outside() {
    return Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
  }
}
