package com.example.accounts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

@Service
public class StatementExporter {
    private static final Logger log = LoggerFactory.getLogger(StatementExporter.class);

    private final AccountRepository accounts;
    private final Path exportDir;

    public StatementExporter(AccountRepository accounts) {
        this.accounts = accounts;
        this.exportDir = Path.of(System.getenv().getOrDefault("EXPORT_DIR", "/var/lib/accounts/exports"));
    }

    public Path export(String ownerEmail) {
        List<Account> owned = accounts.findByOwner(ownerEmail);
        Path target = exportDir.resolve(ownerEmail.replaceAll("[^A-Za-z0-9.@-]", "_") + ".csv");
        StringBuilder csv = new StringBuilder("id,currency,balance\n");
        for (Account account : owned) {
            csv.append(account.id()).append(',').append(account.currency()).append(',').append(account.balance()).append('\n');
        }
        try {
            Files.writeString(target, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write statement " + target, e);
        }
        return target;
    }

    public void removeOldExports() {
        try (var files = Files.list(exportDir)) {
            files.filter(p -> p.toString().endsWith(".csv")).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    log.warn("could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
        }
    }

    public void archive(Path statement) {
        try {
            Files.move(statement, exportDir.resolve("archive").resolve(statement.getFileName()));
        } catch (Exception e) {
            e.printStackTrace();
        }
    }
}
