package io.sysql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class UserErrorTest {
    @TempDir
    Path tmp;

    @Test
    void aFileThatIsNotThereIsSaidSoInWords() {
        Path missing = tmp.resolve("statements.sql");
        CliRun query = CliRun.of("query", tmp.toString(), "--file", missing.toString());
        assertThat(query.status()).isEqualTo(1);
        assertThat(query.err()).isEqualTo("sysql: cannot read " + missing + ": no such file\n");

        Path password = tmp.resolve("pw.txt");
        CliRun serve = CliRun.of("serve", tmp.toString(), "--user", "ana", "--password-file", password.toString());
        assertThat(serve.status()).isEqualTo(1);
        assertThat(serve.err()).isEqualTo("sysql: cannot read " + password + ": no such file\n");
    }
}
