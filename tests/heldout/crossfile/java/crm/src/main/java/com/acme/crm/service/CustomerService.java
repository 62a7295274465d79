package com.acme.crm.service;

import com.acme.crm.repository.CustomerRepository;
import com.acme.crm.repository.SqlBuilders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

@Service
public class CustomerService {

    @Autowired
    private CustomerRepository customerRepository;

    public List<Map<String, Object>> findByTier(String tier) {
        String sql = String.format("SELECT id, name, tier FROM customers WHERE tier = '%s' ORDER BY name", tier);
        return this.customerRepository.select(sql); // expect: sql-injection
    }

    public List<Map<String, Object>> search(String status, String city) {
        StringBuilder sb = new StringBuilder("SELECT id, name, status, city FROM customers WHERE 1=1");
        if (status != null) {
            sb.append(" AND status = '").append(status).append("'");
        }
        if (city != null) {
            sb.append(" AND city = '").append(city).append("'");
        }
        return this.customerRepository.select(sb.toString()); // expect: sql-injection
    }

    public List<Map<String, Object>> searchByName(String name) {
        return this.customerRepository.select(SqlBuilders.searchByName(name)); // expect: sql-injection
    }

    public Map<String, Object> findByEmail(String email) {
        return this.customerRepository.findByEmail(email);
    }

    public Map<String, Object> findById(long id) {
        return this.customerRepository.findById(id);
    }

    public List<Map<String, Object>> byIds(List<Long> ids) {
        return this.customerRepository.selectWithArgs(SqlBuilders.byIdsQuery(ids.size()), ids.toArray());
    }

    public List<Map<String, Object>> filter(String status, String city) {
        StringBuilder sb = new StringBuilder("SELECT id, name, status, city FROM customers WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sb.append(" AND status = ?");
            args.add(status);
        }
        if (city != null) {
            sb.append(" AND city = ?");
            args.add(city);
        }
        return this.customerRepository.selectWithArgs(sb.toString(), args.toArray());
    }

    public int updateNotes(long id, String notes) {
        return this.customerRepository.updateNotes(id, notes);
    }
}
