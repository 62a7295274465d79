<?php

namespace App\Repositories;

use App\Models\Invoice;
use Illuminate\Database\Eloquent\Collection;
use Illuminate\Support\Facades\DB;

class InvoiceRepository
{
    private const TABLE = 'invoices';

    private const SORTABLE = ['issued_at', 'due_at', 'total_cents', 'number'];

    public function search(int $accountId, array $filters): Collection
    {
        $query = Invoice::query()->where('account_id', $accountId);

        if (!empty($filters['status'])) {
            $query->where('status', $filters['status']);
        }

        if (!empty($filters['customer'])) {
            $query->whereRaw("customer_name LIKE '%" . $filters['customer'] . "%'"); // expect: sql-injection
        }

        if (!empty($filters['min_total'])) {
            $query->whereRaw('total_cents >= ?', [(int) round($filters['min_total'] * 100)]);
        }

        $sort = in_array($filters['sort'] ?? null, self::SORTABLE, true) ? $filters['sort'] : 'issued_at';
        $direction = strtolower($filters['direction'] ?? 'desc') === 'asc' ? 'asc' : 'desc';
        $query->orderByRaw("{$sort} {$direction}, id desc");

        return $query->limit(200)->get();
    }

    public function agingReport(int $accountId, string $groupBy, string $currency): array
    {
        $sql = "SELECT {$groupBy} AS bucket, COUNT(*) AS invoices, SUM(total_cents) AS total_cents
                FROM invoices
                WHERE account_id = ? AND currency = ? AND status = 'open' AND due_at < NOW()
                GROUP BY {$groupBy}
                ORDER BY total_cents DESC";

        return DB::select($sql, [$accountId, $currency]); // expect: sql-injection
    }

    public function totalsByCustomer(int $accountId, array $customerIds): array
    {
        if ($customerIds === []) {
            return [];
        }

        $placeholders = implode(',', array_fill(0, count($customerIds), '?'));

        return DB::select(
            "SELECT customer_id, SUM(total_cents) AS total_cents FROM invoices WHERE account_id = ? AND customer_id IN ({$placeholders}) GROUP BY customer_id",
            array_merge([$accountId], array_map('intval', $customerIds))
        );
    }

    public function markPaid(int $invoiceId, string $reference): int
    {
        return DB::update(
            'UPDATE ' . self::TABLE . ' SET status = ?, payment_reference = ?, paid_at = NOW() WHERE id = ?',
            ['paid', $reference, $invoiceId]
        );
    }

    public function revenueByMonth(int $accountId, string $year): array
    {
        return DB::table(self::TABLE)
            ->select(DB::raw("DATE_FORMAT(issued_at, '%Y-%m') AS month"), DB::raw('SUM(total_cents) AS total_cents'))
            ->where('account_id', $accountId)
            ->whereYear('issued_at', $year)
            ->groupBy('month')
            ->get()
            ->all();
    }

    public function purgeVoided(string $before): void
    {
        DB::statement("DELETE FROM invoices WHERE status = 'void' AND issued_at < '{$before}'"); // expect: sql-injection
    }

    public function withCustomerFields(int $accountId, string $extraColumn): Collection
    {
        return Invoice::query()
            ->select(['id', 'number', DB::raw("customers.{$extraColumn} AS customer_field")]) // expect: sql-injection
            ->join('customers', 'customers.id', '=', 'invoices.customer_id')
            ->where('invoices.account_id', $accountId)
            ->get();
    }
}
