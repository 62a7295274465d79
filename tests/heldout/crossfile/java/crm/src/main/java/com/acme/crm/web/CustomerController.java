package com.acme.crm.web;

import com.acme.crm.repository.JdbcHelper;
import com.acme.crm.repository.SqlBuilders;
import com.acme.crm.service.CustomerService;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
public class CustomerController {

    private final CustomerService customerService;
    private final JdbcHelper jdbcHelper;

    public CustomerController(CustomerService customerService, JdbcHelper jdbcHelper) {
        this.customerService = customerService;
        this.jdbcHelper = jdbcHelper;
    }

    @GetMapping("/by-city")
    public List<Map<String, Object>> byCity(@RequestParam String city) throws SQLException {
        return jdbcHelper.runQuery("SELECT id, name, email FROM customers WHERE city = '" + city + "'"); // expect: sql-injection
    }

    @DeleteMapping("/{id}/tags/{tag}")
    public int removeTag(@PathVariable long id, @PathVariable String tag) throws SQLException {
        String sql = "DELETE FROM customer_tags WHERE customer_id = " + id + " AND tag = '" + tag + "'";
        return this.jdbcHelper.runUpdate(sql); // expect: sql-injection
    }

    @GetMapping("/recent")
    public List<Map<String, Object>> recent(@RequestParam(defaultValue = "20") String limit) throws SQLException {
        int rowLimit = Integer.parseInt(limit);
        return jdbcHelper.runQuery("SELECT id, name, created_at FROM customers ORDER BY created_at DESC LIMIT " + rowLimit);
    }

    @GetMapping("/{id}/summary")
    public List<Map<String, Object>> summary(@PathVariable long id) throws SQLException {
        return jdbcHelper.runQuery("SELECT c.id, c.name, COUNT(o.id) AS orders FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.id = " + id + " GROUP BY c.id, c.name");
    }

    @GetMapping("/active")
    public List<Map<String, Object>> active() throws SQLException {
        return jdbcHelper.runQuery(SqlBuilders.activeCustomers());
    }

    @GetMapping("/tier/{tier}")
    public List<Map<String, Object>> byTier(@PathVariable String tier) {
        return customerService.findByTier(tier);
    }

    @GetMapping("/search")
    public List<Map<String, Object>> search(@RequestParam(required = false) String status,
                                            @RequestParam(required = false) String city) {
        return customerService.search(status, city);
    }

    @GetMapping("/filter")
    public List<Map<String, Object>> filter(@RequestParam(required = false) String status,
                                            @RequestParam(required = false) String city) {
        return customerService.filter(status, city);
    }

    @GetMapping("/name-search")
    public List<Map<String, Object>> searchByName(@RequestParam String q) {
        return customerService.searchByName(q);
    }

    @GetMapping("/by-email")
    public Map<String, Object> byEmail(@RequestParam String email) {
        return customerService.findByEmail(email);
    }

    @GetMapping("/batch")
    public List<Map<String, Object>> byIds(@RequestParam List<Long> ids) {
        return customerService.byIds(ids);
    }

    @GetMapping("/{id}")
    public Map<String, Object> findById(@PathVariable long id) {
        return customerService.findById(id);
    }

    @PutMapping("/{id}/notes")
    public int updateNotes(@PathVariable long id, @RequestBody String notes) {
        return customerService.updateNotes(id, notes);
    }
}
