package com.example.accounts;

import java.math.BigDecimal;

public record Account(long id, String ownerEmail, String currency, BigDecimal balance) {}
