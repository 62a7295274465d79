package com.acme.crm.repository;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

    private final JdbcTemplate jdbcTemplate;

    public CustomerRepository(JdbcTemplate jdbcTemplate) {
        this.jdbcTemplate = jdbcTemplate;
    }

    public List<Map<String, Object>> select(String sql) {
        return jdbcTemplate.queryForList(sql);
    }

    public List<Map<String, Object>> selectWithArgs(String sql, Object... args) {
        return jdbcTemplate.queryForList(sql, args);
    }

    public Map<String, Object> findByEmail(String email) {
        List<Map<String, Object>> rows = jdbcTemplate.queryForList("SELECT id, name, email FROM customers WHERE email = '" + email + "'"); // expect: sql-injection
        return rows.isEmpty() ? null : rows.get(0);
    }

    public Map<String, Object> findById(long id) {
        return jdbcTemplate.queryForMap("SELECT id, name, email, city FROM customers WHERE id = ?", id);
    }

    public int updateNotes(long id, String notes) {
        return jdbcTemplate.update("UPDATE customers SET notes = ? WHERE id = ?", notes, id);
    }
}
