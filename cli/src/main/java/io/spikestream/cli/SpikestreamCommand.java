package io.spikestream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spikestream} command: one subcommand per job. */
@Command(
    name = "spikestream",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Event-camera streams through Kafka, classified by BNTT spiking networks.",
    subcommands = {
      CommandLine.HelpCommand.class,
      BrokerCommand.class,
      ReplayCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      ConsumeCommand.class,
      InspectCommand.class,
      PredictCommand.class,
      DemoCommand.class,
      EmulateCommand.class,
      ServeCommand.class,
      CameraCommand.class,
      FilterCommand.class
    })
public final class SpikestreamCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SpikestreamCommand());
    cl.setExecutionExceptionHandler(new CliErrors());
    // The commands' descriptions are written as lines of up to 100 characters: at picocli's
    // default of 80 columns every line would wrap mid-sentence.
    cl.setUsageHelpWidth(100);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
