package com.example.accounts.web;

import com.example.accounts.reports.ReportRow;
import java.io.Console;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/reports")
public class ReportController {
    private static final Logger log = LoggerFactory.getLogger(ReportController.class);
    private static final String BASE_QUERY = "SELECT account_id, currency, SUM(amount) AS total FROM transfers";
    private static final Map<String, String> SORTS = Map.of("total", "total DESC", "currency", "currency ASC");
    private static final String API_TOKEN_HEADER = "X-Report-Token";
    private static final String PASSWORD_FIELD = "password";

    private final JdbcTemplate jdbc;
    private final EntityManager em;

    public ReportController(JdbcTemplate jdbc, EntityManager em) {
        this.jdbc = jdbc;
        this.em = em;
    }

    @GetMapping("/totals")
    public List<Map<String, Object>> totals(@RequestParam Optional<String> currency, @RequestParam(defaultValue = "total") String sort) {
        StringBuilder sql = new StringBuilder(BASE_QUERY);
        List<Object> args = new ArrayList<>();
        if (currency.isPresent()) {
            sql.append(" WHERE currency = ?");
            args.add(currency.get());
        }
        sql.append(" GROUP BY account_id, currency ORDER BY ").append(SORTS.getOrDefault(sort, "total DESC"));
        return jdbc.queryForList(sql.toString(), args.toArray());
    }

    @GetMapping("/by-owner")
    public List<Map<String, Object>> byOwner(@RequestParam String owner) {
        String sql = BASE_QUERY + " t JOIN accounts a ON a.id = t.account_id WHERE a.owner_email = '" + owner + "' GROUP BY account_id, currency";
        // expect: sql-injection
        return jdbc.queryForList(sql);
    }

    @GetMapping("/since")
    public List<Map<String, Object>> since(@RequestParam String date) {
        String where = String.format(" WHERE created_at >= '%s'", date);
        // expect: sql-injection
        return jdbc.queryForList(BASE_QUERY + where + " GROUP BY account_id, currency");
    }

    @GetMapping("/accounts/{id}")
    public ResponseEntity<?> account(@PathVariable long id) {
        List<?> rows = em.createNativeQuery(BASE_QUERY + " WHERE account_id = ?1 GROUP BY account_id, currency")
                .setParameter(1, id)
                .getResultList();
        return rows.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(rows);
    }

    @GetMapping("/search")
    public List<?> search(@RequestParam String memo) {
        String jpql = "SELECT r FROM ReportRow r WHERE r.memo LIKE :memo";
        return em.createQuery(jpql, ReportRow.class).setParameter("memo", "%" + memo + "%").getResultList();
    }

    @PostMapping("/rebuild")
    public ResponseEntity<String> rebuild(@RequestHeader(API_TOKEN_HEADER) String token) {
        if (!token.equals(System.getenv("REPORT_TOKEN"))) {
            return ResponseEntity.status(403).body("Enter a valid report token");
        }
        CompletableFuture.runAsync(() -> jdbc.execute("REFRESH MATERIALIZED VIEW report_totals"))
                .exceptionally(err -> {
                    log.error("Report rebuild failed", err);
                    return null;
                });
        return ResponseEntity.accepted().body("rebuilding");
    }

    @GetMapping("/export")
    public ResponseEntity<byte[]> export(@RequestParam String format) {
        try {
            byte[] body = render(format);
            return ResponseEntity.ok(body);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().build();
        } catch (Exception e) {
            log.error("Export in {} failed", format, e);
            return ResponseEntity.internalServerError().build();
        }
    }

    @GetMapping("/health")
    public Map<String, String> health() {
        String status = "up";
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
        // expect: error-handling
        } catch (Exception e) {
        }
        return Map.of("db", status);
    }

    private byte[] render(String format) {
        if (!"csv".equals(format)) {
            throw new IllegalArgumentException("unsupported format " + format);
        }
        return "account_id,currency,total\n".getBytes();
    }

    static String archiveAuthHeader() {
        // expect: secret
        String credentials = "reports-archiver:Mv8Kq3Xz7Lr2Wt9P";
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes());
    }

    static char[] readPassword() {
        Console console = System.console();
        char[] password = console == null ? new char[0] : console.readPassword("Archive password: ");
        return password;
    }

    static String passwordFieldName() {
        return PASSWORD_FIELD;
    }
}
