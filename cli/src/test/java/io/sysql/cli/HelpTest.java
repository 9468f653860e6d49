package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;

import java.util.List;

/** What {@code sysql COMMAND --help} prints: readable at 80 columns, as it is written. */
class HelpTest {
    private static List<Class<?>> commands() {
        return Main.SUBCOMMANDS.stream().filter(c -> c != CommandLine.HelpCommand.class).toList();
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Test
    void everyCommandsHelpPrintsWithoutAWarning() {
        for (Class<?> command : commands()) {
            CliRun help = CliRun.of(name(command), "--help");
            assertThat(help.status()).as(name(command)).isZero();
            assertThat(help.err()).as(name(command) + " --help on stderr").isEmpty();
            assertThat(help.out()).as(name(command)).startsWith("Usage: sysql " + name(command))
                    .as(name(command) + ": option values named in capitals (FILE, N), not picocli's <field>")
                    .doesNotContain("=<");
        }
    }

    @Test
    void theExamplesOfADescriptionPrintAsTheyAreWritten() {
        for (Class<?> command : commands()) {
            String help = CliRun.of(name(command), "--help").out();
            for (String line : new CommandLine(command).getCommandSpec().usageMessage().description()) {
                if (line.startsWith(" ")) {
                    assertThat(help).as(name(command) + " --help, not wrapped at 80 columns").contains(line + "\n");
                }
            }
        }
    }

    @Test
    void eachOptionIsDescribedInOneParagraph() {
        // picocli starts a new line at each string of a description, mid-sentence when the source wrapped there
        for (Class<?> command : commands()) {
            for (ArgSpec arg : new CommandLine(command).getCommandSpec().args()) {
                assertThat(arg.description()).as(name(command) + " " + arg).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aMistakeOnTheCommandLineIsOneLineSayingWhereTheOptionsAre() {
        CliRun misspelt = CliRun.of("query", "DIR", "--formt", "csv", "SELECT 1");
        assertThat(misspelt.status()).isEqualTo(2);
        assertThat(misspelt.out()).isEmpty();
        assertThat(misspelt.err()).isEqualTo("sysql: Unknown option: '--formt' (did you mean --format?); see sysql query"
                + " --help\n");

        CliRun badValue = CliRun.of("top", "DIR", "--by", "byte");
        assertThat(badValue.status()).isEqualTo(2);
        assertThat(badValue.err().lines()).singleElement().asString()
                .startsWith("sysql: Invalid value for option '--by': expected one of [syscalls, errors, bytes,")
                .endsWith("but was 'byte'; see sysql top --help");

        CliRun noCommand = CliRun.of("qurey", "DIR", "SELECT 1");
        assertThat(noCommand.status()).isEqualTo(2);
        assertThat(noCommand.err().lines()).singleElement().asString().contains("'qurey'").contains("did you mean query");
    }

    @Test
    void theListOfCommandsGivesEachOneSentence() {
        String help = CliRun.of("--help").out();
        String list = help.substring(help.indexOf("Commands:\n") + "Commands:\n".length());
        assertThat(list.lines()).as("a summary cut at a colon").noneMatch(line -> line.endsWith(":"));
    }
}
