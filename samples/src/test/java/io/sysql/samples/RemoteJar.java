package io.sysql.samples;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The standalone remote driver jar, loaded alone in its own class loader the way a BI tool loads a
 * driver: nothing of this build's classpath (no Calcite, no Chronicle, no unshaded Avatica) is visible.
 */
final class RemoteJar {
    static final Path JAR = Path.of("..", "jdbc-remote", "target", "sysql-jdbc-remote.jar");

    private RemoteJar() {
    }

    static Driver driver() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the jdbc-remote module builds it (mvn test or package)");
        }
        try {
            URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName("io.sysql.jdbc.remote.SysqlRemoteDriver", true, loader)
                    .getDeclaredConstructor().newInstance();
        } catch (MalformedURLException | ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connect(Driver driver, String url, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
            p.setProperty("password", password);
        }
        return driver.connect(url, p);
    }

    /** The class path of a sqlline process with this driver: the jar, then sqlline's own. */
    static List<String> sqllineClasspath() {
        return sqllineClasspath(JAR);
    }

    /** A driver jar, then the jars sqlline needs: sqlline and jline, from this test's classpath. */
    static List<String> sqllineClasspath(Path driverJar) {
        List<String> cp = new ArrayList<>();
        cp.add(driverJar.toAbsolutePath().toString());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("sqlline-") || name.startsWith("jline-")) {
                cp.add(entry);
            }
        }
        return cp;
    }
}
