<?php

namespace App\Legacy;

use InvalidArgumentException;
use PDO;
use PDOException;

/**
 * Nightly CSV exports for the accounting partner. Predates the Laravel port and
 * still talks to the reporting replica with plain PDO.
 */
class ReportExporter
{
    private const EXPORTABLE = [
        'invoices' => 'invoices',
        'credit_notes' => 'credit_notes',
        'payments' => 'payments',
    ];

    private PDO $pdo;

    public function __construct(?PDO $pdo = null)
    {
        $this->pdo = $pdo ?? new PDO('pgsql:host=reports-replica.internal;port=5432;dbname=billing;user=reporting;password=3pTDJ2TBFqnY!q36zn'); // expect: secret
        $this->pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);
    }

    public static function fromEnvironment(): self
    {
        return new self(new PDO(getenv('REPORTS_DSN'), getenv('REPORTS_USER'), getenv('REPORTS_PASSWORD')));
    }

    public function monthly(string $month, string $status): array
    {
        $stmt = $this->pdo->prepare(
            "SELECT number, customer_name, total_cents, currency FROM invoices WHERE to_char(issued_at, 'YYYY-MM') = :month AND status = :status"
        );
        $stmt->execute(['month' => $month, 'status' => $status]);

        return $stmt->fetchAll(PDO::FETCH_ASSOC);
    }

    public function customerStatement($customerId, string $from): array
    {
        $sql = "SELECT number, issued_at, total_cents FROM invoices WHERE customer_id = " . $customerId
            . " AND issued_at >= '" . $from . "' ORDER BY issued_at";

        return $this->pdo->query($sql)->fetchAll(PDO::FETCH_ASSOC); // expect: sql-injection
    }

    public function invoiceLines(string $invoiceId): array
    {
        return $this->pdo->query('SELECT sku, description, qty, unit_cents FROM invoice_lines WHERE invoice_id = ' . (int) $invoiceId)
            ->fetchAll(PDO::FETCH_ASSOC);
    }

    public function findByReference(string $reference): array
    {
        return $this->pdo->query('SELECT * FROM payments WHERE reference = ' . $this->pdo->quote($reference))
            ->fetchAll(PDO::FETCH_ASSOC);
    }

    public function pending(string $table): array
    {
        if (!isset(self::EXPORTABLE[$table])) {
            throw new InvalidArgumentException("Unknown export table {$table}");
        }

        $name = self::EXPORTABLE[$table];

        return $this->pdo->query("SELECT * FROM {$name} WHERE exported_at IS NULL ORDER BY id")->fetchAll(PDO::FETCH_ASSOC);
    }

    public function searchCustomers(string $term): array
    {
        return $this->pdo->query("SELECT id, name, vat_number FROM customers WHERE name ILIKE '%{$term}%' LIMIT 50")->fetchAll(); // expect: sql-injection
    }

    public function markExported(string $table, array $ids): void
    {
        $name = self::EXPORTABLE[$table] ?? throw new InvalidArgumentException($table);
        $in = implode(',', array_map('intval', $ids));

        try {
            $this->pdo->exec("UPDATE {$name} SET exported_at = now() WHERE id IN ({$in})");
        } catch (PDOException $e) { // expect: error-handling
        }
    }
}
