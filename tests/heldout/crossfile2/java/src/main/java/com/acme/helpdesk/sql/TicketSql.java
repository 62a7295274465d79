package com.acme.helpdesk.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** SQL text shared by the ticket repository and service. */
public final class TicketSql {
    public static final String COLUMNS =
            "t.id, t.title, t.status, t.priority, t.assignee, t.project_key, t.created_at";

    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "created", "t.created_at",
            "priority", "t.priority",
            "status", "t.status",
            "assignee", "t.assignee");

    private TicketSql() {
    }

    public static String searchByTitle(String term) {
        return "SELECT " + COLUMNS + " FROM tickets t WHERE lower(t.title) LIKE '%" + term.toLowerCase() + "%'";
    }

    public static String labelFilter(List<String> labels) {
        List<String> parts = new ArrayList<>();
        for (String label : labels) {
            parts.add("l.name = '" + label + "'");
        }
        return "SELECT DISTINCT " + COLUMNS + " FROM tickets t JOIN ticket_labels l ON l.ticket_id = t.id WHERE "
                + String.join(" OR ", parts);
    }

    public static String inClause(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    public static String orderBy(String sortKey) {
        return " ORDER BY " + SORT_COLUMNS.getOrDefault(sortKey, "t.created_at") + " DESC";
    }
}
