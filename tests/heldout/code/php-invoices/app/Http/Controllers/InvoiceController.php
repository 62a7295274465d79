<?php

namespace App\Http\Controllers;

use App\Exceptions\RateUnavailableException;
use App\Http\Requests\StoreInvoiceRequest;
use App\Mail\InvoiceReminder;
use App\Models\Invoice;
use App\Repositories\InvoiceRepository;
use App\Services\ExchangeRates;
use App\Services\LedgerClient;
use Illuminate\Database\QueryException;
use Illuminate\Http\JsonResponse;
use Illuminate\Http\Request;
use Illuminate\Http\Response;
use Illuminate\Support\Facades\Log;
use Illuminate\Support\Facades\Mail;

class InvoiceController extends Controller
{
    public function __construct(
        private readonly InvoiceRepository $invoices,
        private readonly LedgerClient $ledger,
        private readonly ExchangeRates $rates,
    ) {
    }

    public function index(Request $request): JsonResponse
    {
        $accountId = $request->user()->account_id;

        return response()->json(
            $this->invoices->search($accountId, $request->only(['status', 'customer', 'min_total', 'sort', 'direction']))
        );
    }

    public function aging(Request $request): JsonResponse
    {
        $rows = $this->invoices->agingReport(
            $request->user()->account_id,
            $request->query('group_by', 'customer_id'),
            $request->query('currency', 'EUR'),
        );

        return response()->json(['data' => $rows]);
    }

    public function customerFields(Request $request): JsonResponse
    {
        return response()->json(
            $this->invoices->withCustomerFields($request->user()->account_id, $request->input('field', 'vat_number'))
        );
    }

    public function store(StoreInvoiceRequest $request): JsonResponse
    {
        try {
            $invoice = Invoice::create($request->validated() + ['account_id' => $request->user()->account_id]);
        } catch (QueryException $e) {
            Log::error('invoice.create_failed', ['error' => $e->getMessage(), 'account' => $request->user()->account_id]);

            return response()->json(['message' => 'The invoice could not be saved.'], 500);
        }

        try {
            $rate = $this->rates->rate($invoice->currency, 'EUR');
        } catch (RateUnavailableException $e) {
            // The FX provider is best-effort here: keep the rate captured at checkout and let
            // finance reconcile it in the nightly job (see ReconcileFxRates).
            Log::warning('invoice.fx_rate_unavailable', ['invoice' => $invoice->id, 'currency' => $invoice->currency]);
            $rate = $invoice->checkout_fx_rate;
        }

        $invoice->update(['fx_rate' => $rate]);

        try {
            $this->ledger->postInvoice($invoice);
        } catch (\Throwable $e) { // expect: error-handling
        }

        return response()->json($invoice, 201);
    }

    public function remind(int $id): Response
    {
        $invoice = Invoice::findOrFail($id);

        try {
            Mail::to($invoice->customer_email)->send(new InvoiceReminder($invoice));
            $invoice->increment('reminders_sent');
        } catch (\Symfony\Component\Mailer\Exception\TransportExceptionInterface $e) { // expect: error-handling
            // ignore
        }

        return response()->noContent();
    }
}
