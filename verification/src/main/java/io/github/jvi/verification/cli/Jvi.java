package io.github.jvi.verification.cli;

import io.github.jvi.core.cli.Cli;
import io.github.jvi.core.cli.CommandProvider;
import io.github.jvi.gpu.Backend;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jvi} root command. Subcommands come from every module's
 * {@link CommandProvider}s; errors become one line {@code jvi: message} on standard error and
 * exit status 2 (usage errors) or 1 (failures), never a stack trace (set {@code JVI_DEBUG=1} to
 * see one).
 */
@Command(name = "jvi", mixinStandardHelpOptions = true, version = "jvi 0.1.0",
    description = "Probabilistic inference algorithms (CAVI, BBVI, natural gradients, VAEs) on ND4J.",
    subcommands = {VerifyCommand.class, ReproduceCommand.class})
public final class Jvi implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Jvi.class);

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Builds the command tree with every provider's commands. */
  public static CommandLine commandLine() {
    CommandLine root = new CommandLine(new Jvi());
    Map<String, CommandLine> groups = new LinkedHashMap<>();
    for (CommandProvider provider : ServiceLoader.load(CommandProvider.class)) {
      CommandLine parent = root;
      if (!provider.parent().isEmpty()) {
        parent = groups.computeIfAbsent(provider.parent(), name -> {
          CommandLine group = new CommandLine(new Group());
          group.getCommandSpec().name(name);
          group.getCommandSpec().usageMessage().description(groupDescription(name));
          root.addSubcommand(name, group);
          return group;
        });
      }
      for (Object command : provider.commands()) {
        parent.addSubcommand(command);
      }
    }
    root.setExecutionExceptionHandler((ex, cl, parsed) -> {
      Throwable t = ex;
      if (t instanceof CommandLine.ExecutionException && t.getCause() != null) {
        t = t.getCause();
      }
      boolean user = t instanceof Cli.UserError || t instanceof IllegalArgumentException
          || t instanceof java.io.UncheckedIOException;
      String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      cl.getErr().println("jvi: " + (user ? msg : "internal error: " + t.getClass().getSimpleName() + ": " + msg));
      if (System.getenv("JVI_DEBUG") != null) {
        t.printStackTrace(cl.getErr());
      } else {
        LOG.debug("command failed", t);
      }
      return user ? 2 : 1;
    });
    return root;
  }

  private static String groupDescription(String name) {
    return switch (name) {
      case "bench" -> "Benchmarks that print timings (and ratios to measured peaks).";
      case "simulate" -> "Draw data sets from the models and write them to files.";
      default -> name + " commands.";
    };
  }

  /** A command group that prints its usage when called without a subcommand. */
  @Command(mixinStandardHelpOptions = true)
  static final class Group implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 0;
    }
  }

  /** Prints the backend line to standard error (so that --json output stays clean). */
  static void printBackend(PrintWriter err) {
    err.println("# " + Backend.current().describe());
    err.flush();
  }

  /** Entry point. */
  public static void main(String[] args) {
    CommandLine cl = commandLine();
    boolean help = args.length == 0 || java.util.Arrays.stream(args).anyMatch(a -> a.equals("-h")
        || a.equals("--help") || a.equals("-V") || a.equals("--version"));
    if (!help) {
      printBackend(cl.getErr());
    }
    int code = cl.execute(args);
    System.exit(code);
  }
}
