package io.sysql.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"sysql " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
}
