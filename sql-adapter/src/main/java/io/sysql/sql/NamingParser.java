package io.sysql.sql;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.impl.SqlParserImpl;
import org.apache.calcite.util.SourceStringReader;

import java.io.Reader;

/**
 * Calcite's parser, naming the unnamed columns of a statement's result by their text, as written:
 * {@code SELECT COUNT(*) FROM fds} has a column "COUNT(*)" rather than Calcite's {@code EXPR$0}.
 */
final class NamingParser extends SqlParserImpl {
    static final SqlParserImplFactory FACTORY = new SqlParserImplFactory() {
        @Override
        public SqlAbstractParserImpl getParser(Reader reader) {
            String sql = reader instanceof SourceStringReader s ? s.getSourceString() : null;
            NamingParser parser = new NamingParser(reader, sql);
            if (sql != null) {
                parser.setOriginalSql(sql);
            }
            return parser;
        }
    };

    private final String sql;

    private NamingParser(Reader reader, String sql) {
        super(reader);
        this.sql = sql;
    }

    @Override
    public SqlNode parseSqlStmtEof() throws Exception {
        SqlNode statement = super.parseSqlStmtEof();
        if (sql != null) {
            nameColumns(statement);
        }
        return statement;
    }

    private void nameColumns(SqlNode query) {
        SqlNode q = query;
        while (q instanceof SqlOrderBy || q instanceof SqlWith) {
            q = q instanceof SqlOrderBy o ? o.query : ((SqlWith) q).body;
        }
        if (!(q instanceof SqlSelect select)) {
            return;
        }
        SqlNodeList items = select.getSelectList();
        for (int i = 0; i < items.size(); i++) {
            SqlNode item = items.get(i);
            if (item instanceof SqlIdentifier || item.getKind() == SqlKind.AS) {
                continue;
            }
            String text = text(item.getParserPosition());
            if (text != null) {
                items.set(i, SqlStdOperatorTable.AS.createCall(item.getParserPosition(), item,
                        new SqlIdentifier(text, SqlParserPos.ZERO)));
            }
        }
    }

    /** The statement's text at {@code pos}, on one line; null when the position is not in it. */
    private String text(SqlParserPos pos) {
        int start = offset(pos.getLineNum(), pos.getColumnNum());
        int end = offset(pos.getEndLineNum(), pos.getEndColumnNum());
        if (start < 0 || end < start || end >= sql.length()) {
            return null;
        }
        return sql.substring(start, end + 1).replaceAll("\\s+", " ");
    }

    private int offset(int line, int column) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            at = sql.indexOf('\n', at) + 1;
            if (at == 0) {
                return -1;
            }
        }
        return line < 1 || column < 1 ? -1 : at + column - 1;
    }
}
