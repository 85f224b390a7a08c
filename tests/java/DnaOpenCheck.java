// Reads a DNA 3 database the way DNA 3 (Java) reads one when it opens it, and prints what it found
// as JSON lines, for tests/test_dna_java.py. Written for stancemap (not taken from DNA): it uses the
// same JDBC driver (xerial sqlite-jdbc) and password library (Jasypt StrongPasswordEncryptor) as DNA,
// reads every column DNA 3 reads by name, and cuts each statement's text with Java's own
// String.substring, so UTF-16 offsets are checked by Java itself.
//
// Run: java -cp sqlite-jdbc.jar:jasypt.jar tests/java/DnaOpenCheck.java FILE.dna PASSWORD

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jasypt.util.password.StrongPasswordEncryptor;

public class DnaOpenCheck {

    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));  // surrogate pairs stay pairs
                    } else {
                        out.append(c);
                    }
            }
        }
        return out.append('"').toString();
    }

    static final String[] CODER_INTS = {"Red", "Green", "Blue", "Refresh", "FontSize", "PopupWidth", "ColorByCoder",
        "PopupDecoration", "PopupAutoComplete", "PermissionAddDocuments", "PermissionEditDocuments",
        "PermissionDeleteDocuments", "PermissionImportDocuments", "PermissionAddStatements",
        "PermissionEditStatements", "PermissionDeleteStatements", "PermissionEditAttributes", "PermissionEditRegex",
        "PermissionEditStatementTypes", "PermissionEditCoders", "PermissionEditCoderRelations",
        "PermissionViewOthersDocuments", "PermissionEditOthersDocuments", "PermissionViewOthersStatements",
        "PermissionEditOthersStatements"};

    public static void main(String[] args) throws SQLException {
        String password = args[1];
        StrongPasswordEncryptor encryptor = new StrongPasswordEncryptor();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + args[0])) {
            try (ResultSet r = conn.prepareStatement("SELECT Value FROM SETTINGS WHERE Property = 'version'").executeQuery()) {
                while (r.next()) {
                    System.out.println("{\"kind\": \"version\", \"value\": " + json(r.getString("Value")) + "}");
                }
            }
            try (ResultSet r = conn.prepareStatement("SELECT * FROM CODERS ORDER BY ID").executeQuery()) {
                while (r.next()) {
                    StringBuilder ints = new StringBuilder();
                    for (String column : CODER_INTS) {
                        r.getInt(column);  // every column DNA reads must be there and be a number
                        ints.append(r.wasNull() ? 1 : 0);
                    }
                    boolean ok = encryptor.checkPassword(password, r.getString("Password"));
                    System.out.println("{\"kind\": \"coder\", \"id\": " + r.getInt("ID") + ", \"name\": "
                        + json(r.getString("Name")) + ", \"password_ok\": " + ok + ", \"nulls\": " + json(ints.toString()) + "}");
                }
            }
            List<Integer> documentIds = new ArrayList<>();
            String documents = "SELECT D.ID, D.Title, D.Text, D.Author, D.Source, D.Section, D.Type, D.Notes, D.Date, "
                + "C.Name AS CoderName, (SELECT COUNT(*) FROM STATEMENTS S WHERE S.DocumentId = D.ID) AS Frequency "
                + "FROM DOCUMENTS D LEFT JOIN CODERS C ON C.ID = D.Coder ORDER BY D.ID";
            try (ResultSet r = conn.prepareStatement(documents).executeQuery()) {
                while (r.next()) {
                    documentIds.add(r.getInt("ID"));
                    LocalDateTime date = LocalDateTime.ofEpochSecond(r.getLong("Date"), 0, ZoneOffset.UTC);
                    System.out.println("{\"kind\": \"document\", \"id\": " + r.getInt("ID") + ", \"title\": "
                        + json(r.getString("Title")) + ", \"author\": " + json(r.getString("Author")) + ", \"source\": "
                        + json(r.getString("Source")) + ", \"section\": " + json(r.getString("Section")) + ", \"type\": "
                        + json(r.getString("Type")) + ", \"notes\": " + json(r.getString("Notes")) + ", \"date\": "
                        + json(date.toLocalDate().toString()) + ", \"coder\": " + json(r.getString("CoderName"))
                        + ", \"statements\": " + r.getInt("Frequency") + ", \"text_units\": " + r.getString("Text").length() + "}");
                }
            }
            String statements = "SELECT S.ID, S.Start, S.Stop, S.DocumentId, T.Label, C.Name AS CoderName, D.Text "
                + "FROM STATEMENTS S JOIN CODERS C ON C.ID = S.Coder JOIN STATEMENTTYPES T ON T.ID = S.StatementTypeId "
                + "JOIN DOCUMENTS D ON D.ID = S.DocumentId WHERE S.DocumentId = ? ORDER BY S.Start, S.ID";
            String shortText = "SELECT V.Variable, E.Value, E.ID AS EntityId FROM DATASHORTTEXT X "
                + "JOIN VARIABLES V ON V.ID = X.VariableId JOIN ENTITIES E ON E.ID = X.Entity AND E.VariableId = V.ID "
                + "WHERE X.StatementId = ? ORDER BY V.ID";
            String numbers = "SELECT V.Variable, X.Value FROM %s X JOIN VARIABLES V ON V.ID = X.VariableId "
                + "WHERE X.StatementId = ? ORDER BY V.ID";
            String attributes = "SELECT A.AttributeVariable, L.AttributeValue FROM ATTRIBUTEVALUES L "
                + "JOIN ATTRIBUTEVARIABLES A ON A.ID = L.AttributeVariableId WHERE L.EntityId = ? ORDER BY A.ID";
            try (PreparedStatement s = conn.prepareStatement(statements);
                 PreparedStatement st = conn.prepareStatement(shortText);
                 PreparedStatement sb = conn.prepareStatement(String.format(numbers, "DATABOOLEAN"));
                 PreparedStatement si = conn.prepareStatement(String.format(numbers, "DATAINTEGER"));
                 PreparedStatement sa = conn.prepareStatement(attributes)) {
                for (int documentId : documentIds) {
                    s.setInt(1, documentId);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            int id = r.getInt("ID");
                            String cut = r.getString("Text").substring(r.getInt("Start"), r.getInt("Stop"));
                            StringBuilder values = new StringBuilder();
                            st.setInt(1, id);
                            try (ResultSet v = st.executeQuery()) {
                                while (v.next()) {
                                    StringBuilder attrs = new StringBuilder();
                                    sa.setInt(1, v.getInt("EntityId"));
                                    try (ResultSet a = sa.executeQuery()) {
                                        while (a.next()) {
                                            attrs.append(attrs.length() == 0 ? "" : ", ").append(json(a.getString(1)))
                                                .append(": ").append(json(a.getString(2)));
                                        }
                                    }
                                    values.append(values.length() == 0 ? "" : ", ").append(json(v.getString("Variable")))
                                        .append(": {\"value\": ").append(json(v.getString("Value")))
                                        .append(", \"attributes\": {").append(attrs).append("}}");
                                }
                            }
                            for (PreparedStatement n : new PreparedStatement[] {sb, si}) {
                                n.setInt(1, id);
                                try (ResultSet v = n.executeQuery()) {
                                    while (v.next()) {
                                        values.append(values.length() == 0 ? "" : ", ").append(json(v.getString(1)))
                                            .append(": ").append(v.getInt(2));
                                    }
                                }
                            }
                            System.out.println("{\"kind\": \"statement\", \"id\": " + id + ", \"document\": " + documentId
                                + ", \"type\": " + json(r.getString("Label")) + ", \"coder\": " + json(r.getString("CoderName"))
                                + ", \"text\": " + json(cut) + ", \"values\": {" + values + "}}");
                        }
                    }
                }
            }
        }
    }
}
