package io.sysql.jdbc.remote;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

import java.io.InputStream;
import java.io.Reader;
import java.sql.NClob;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.concurrent.atomic.AtomicBoolean;

/** Avatica's prepared statement with a {@code cancel()} that returns at once (see {@link RemoteStatement}). */
final class RemotePreparedStatement extends AvaticaPreparedStatement implements CancelFlagged {
    RemotePreparedStatement(AvaticaConnection connection, Meta.StatementHandle h, Meta.Signature signature, int type,
            int concurrency, int holdability) throws SQLException {
        super(connection, h, signature, type, concurrency, holdability);
    }

    @Override
    public void cancel() {
        cancelFlag.set(true);
    }

    @Override
    public AtomicBoolean cancelFlag() {
        return cancelFlag;
    }

    // The JDBC 4.1 setters Avatica's own prepared statement implements the same way.

    @Override
    public void setRowId(int i, RowId x) throws SQLException {
        getSite(i).setRowId(x);
    }

    @Override
    public void setNString(int i, String value) throws SQLException {
        getSite(i).setNString(value);
    }

    @Override
    public void setNCharacterStream(int i, Reader value, long length) throws SQLException {
        getSite(i).setNCharacterStream(value, length);
    }

    @Override
    public void setNClob(int i, NClob value) throws SQLException {
        getSite(i).setNClob(value);
    }

    @Override
    public void setClob(int i, Reader reader, long length) throws SQLException {
        getSite(i).setClob(reader, length);
    }

    @Override
    public void setBlob(int i, InputStream inputStream, long length) throws SQLException {
        getSite(i).setBlob(inputStream, length);
    }

    @Override
    public void setNClob(int i, Reader reader, long length) throws SQLException {
        getSite(i).setNClob(reader, length);
    }

    @Override
    public void setSQLXML(int i, SQLXML xmlObject) throws SQLException {
        getSite(i).setSQLXML(xmlObject);
    }

    @Override
    public void setAsciiStream(int i, InputStream x, long length) throws SQLException {
        getSite(i).setAsciiStream(x, length);
    }

    @Override
    public void setBinaryStream(int i, InputStream x, long length) throws SQLException {
        getSite(i).setBinaryStream(x, length);
    }

    @Override
    public void setCharacterStream(int i, Reader reader, long length) throws SQLException {
        getSite(i).setCharacterStream(reader, length);
    }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        getSite(i).setAsciiStream(x);
    }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        getSite(i).setBinaryStream(x);
    }

    @Override
    public void setCharacterStream(int i, Reader reader) throws SQLException {
        getSite(i).setCharacterStream(reader);
    }

    @Override
    public void setNCharacterStream(int i, Reader value) throws SQLException {
        getSite(i).setNCharacterStream(value);
    }

    @Override
    public void setClob(int i, Reader reader) throws SQLException {
        getSite(i).setClob(reader);
    }

    @Override
    public void setBlob(int i, InputStream inputStream) throws SQLException {
        getSite(i).setBlob(inputStream);
    }

    @Override
    public void setNClob(int i, Reader reader) throws SQLException {
        getSite(i).setNClob(reader);
    }
}
