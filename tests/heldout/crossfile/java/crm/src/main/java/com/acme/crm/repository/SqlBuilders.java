package com.acme.crm.repository;

import java.util.Collections;

/** Central place for SQL used by the customer endpoints. */
public final class SqlBuilders {

    private static final String CUSTOMER_COLUMNS = "id, name, email, city, tier, status";

    private SqlBuilders() {
    }

    public static String searchByName(String name) {
        return String.format("SELECT %s FROM customers WHERE lower(name) LIKE lower('%%%s%%')", CUSTOMER_COLUMNS, name);
    }

    public static String byIdsQuery(int count) {
        String placeholders = String.join(", ", Collections.nCopies(count, "?"));
        return "SELECT " + CUSTOMER_COLUMNS + " FROM customers WHERE id IN (" + placeholders + ")";
    }

    public static String activeCustomers() {
        return "SELECT " + CUSTOMER_COLUMNS + " FROM customers WHERE status = 'active' ORDER BY name";
    }
}
