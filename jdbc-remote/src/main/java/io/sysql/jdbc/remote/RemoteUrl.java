package io.sysql.jdbc.remote;

import java.util.Properties;

/**
 * A {@code jdbc:sysql:remote://HOST:PORT[;name=value...]} URL, turned into the properties of Avatica's
 * remote driver ({@code url=http://HOST:PORT;serialization=protobuf}). Names this driver adds:
 * {@code tls=true} (HTTPS; with {@code truststore} and {@code truststore_password} for a certificate
 * the JVM does not trust), {@code serialization=json}. {@code user} and {@code password}, from the URL
 * or from {@code connect}'s properties, become HTTP Basic credentials. Other names pass through to
 * Avatica (and {@code timeZone} to the server).
 */
record RemoteUrl(String hostPort, Properties avatica) {
    static final String PREFIX = "jdbc:sysql:remote:";

    static RemoteUrl parse(String url, Properties info) {
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("expected " + PREFIX + "//HOST:PORT, got " + url);
        }
        String[] parts = rest.substring(2).split(";");
        String hostPort = parts[0].trim();
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        if (hostPort.isEmpty() || hostPort.contains("/")) {
            throw new IllegalArgumentException("expected " + PREFIX + "//HOST:PORT, got " + url);
        }
        Properties given = new Properties();
        if (info != null) {
            info.stringPropertyNames().forEach(k -> given.setProperty(k, info.getProperty(k)));
        }
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                given.setProperty(parts[i].substring(0, eq).trim(), parts[i].substring(eq + 1).trim());
            }
        }
        boolean tls = Boolean.parseBoolean(given.getProperty("tls", "false"));
        given.remove("tls");
        Properties p = new Properties();
        p.setProperty("serialization", "protobuf");
        given.stringPropertyNames().forEach(k -> p.setProperty(k, given.getProperty(k)));
        p.setProperty("url", (tls ? "https://" : "http://") + hostPort);
        String user = given.getProperty("user");
        if (user != null && !user.isEmpty() && !p.containsKey("avatica_user")) {
            p.setProperty("authentication", "BASIC");
            p.setProperty("avatica_user", user);
            p.setProperty("avatica_password", given.getProperty("password", ""));
        }
        return new RemoteUrl(hostPort, p);
    }
}
