package com.acme.helpdesk.service;

import com.acme.helpdesk.repository.TicketRepository;
import com.acme.helpdesk.sql.TicketSql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

public class TicketService {
    private static final int MAX_PAGE_SIZE = 200;

    private final TicketRepository repository;

    public TicketService(TicketRepository repository) {
        this.repository = repository;
    }

    public Optional<Map<String, Object>> get(long id) throws SQLException {
        return repository.findById(id);
    }

    public List<Map<String, Object>> search(String term) throws SQLException {
        String sql = TicketSql.searchByTitle(term);
        return repository.fetch(sql); // expect: sql-injection
    }

    public List<Map<String, Object>> byAssignee(String assignee) throws SQLException {
        String sql = "SELECT " + TicketSql.COLUMNS + " FROM tickets t WHERE t.assignee = '" + assignee
                + "' AND t.status <> 'closed'";
        return this.repository.fetch(sql); // expect: sql-injection
    }

    public List<Map<String, Object>> byProject(String projectKey) throws SQLException {
        return repository.findByProject(projectKey.toUpperCase(Locale.ROOT));
    }

    public List<Map<String, Object>> byLabels(List<String> labels) throws SQLException {
        if (labels.isEmpty()) {
            return List.of();
        }
        return repository.fetch(TicketSql.labelFilter(labels)); // expect: sql-injection
    }

    public List<Map<String, Object>> filter(String status, String priority, String createdAfter) throws SQLException {
        StringBuilder sb = new StringBuilder("SELECT ").append(TicketSql.COLUMNS).append(" FROM tickets t WHERE 1=1");
        if (status != null) {
            sb.append(" AND t.status = '").append(status).append("'");
        }
        if (priority != null) {
            sb.append(" AND t.priority = ").append(priority);
        }
        if (createdAfter != null) {
            sb.append(" AND t.created_at >= '").append(createdAfter).append("'");
        }
        return repository.fetch(sb.toString()); // expect: sql-injection
    }

    public List<Map<String, Object>> filterSafe(String status, String priority) throws SQLException {
        StringBuilder sb = new StringBuilder("SELECT ").append(TicketSql.COLUMNS).append(" FROM tickets t WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sb.append(" AND t.status = ?");
            params.add(status);
        }
        if (priority != null) {
            sb.append(" AND t.priority = ?");
            params.add(priority);
        }
        return repository.fetch(sb.toString(), params.toArray());
    }

    public List<Map<String, Object>> byIds(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + TicketSql.COLUMNS + " FROM tickets t WHERE t.id IN (" + TicketSql.inClause(ids.size()) + ")";
        return repository.fetch(sql, ids.toArray());
    }

    public List<Map<String, Object>> recent(String limitParam) throws SQLException {
        int limit = limitParam == null ? 50 : Integer.parseInt(limitParam.trim());
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE);
        }
        return repository.fetch("SELECT " + TicketSql.COLUMNS + " FROM tickets t ORDER BY t.created_at DESC LIMIT " + limit);
    }

    public List<Map<String, Object>> sorted(String sortKey) throws SQLException {
        return repository.fetch("SELECT " + TicketSql.COLUMNS + " FROM tickets t" + TicketSql.orderBy(sortKey));
    }
}
