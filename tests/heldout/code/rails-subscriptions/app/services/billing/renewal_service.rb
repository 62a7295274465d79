require "net/http"

module Billing
  class ProviderError < StandardError; end

  class RenewalService
    LEDGER_TABLE = "billing_ledger_entries".freeze
    LIVE_KEY_PREFIX = "sk_live_".freeze

    def initialize(subscription, client: Billing::ProviderClient.default)
      @subscription = subscription
      @client = client
    end

    def renew!
      invoice = @client.create_invoice(customer: @subscription.account.provider_customer_id,
                                       price: @subscription.plan.provider_price_id,
                                       quantity: @subscription.seats)
      Subscription.transaction do
        @subscription.update!(current_period_end: @subscription.current_period_end + 1.month, status: "active")
        record_ledger_entry(invoice.fetch("id"), invoice.fetch("amount_due"))
      end
      notify_crm(invoice)
      invoice
    rescue Faraday::Error => e
      Rails.logger.error("renewal.failed subscription=#{@subscription.id} error=#{e.class}: #{e.message}")
      @subscription.update!(status: "past_due")
      raise ProviderError, e.message
    end

    def cancel!(reason:)
      @client.cancel_subscription(@subscription.external_id)
      @subscription.cancel!(reason: reason)
    end

    def apply_credit(amount_cents, note)
      ActiveRecord::Base.connection.execute(
        "INSERT INTO #{LEDGER_TABLE} (subscription_id, amount_cents, kind, created_at) VALUES (#{@subscription.id.to_i}, #{Integer(amount_cents)}, 'credit', NOW())"
      )
      ActiveRecord::Base.connection.execute("UPDATE subscriptions SET credit_note = '#{note}' WHERE id = #{@subscription.id}") # expect: sql-injection
    end

    def ledger_entries(kind)
      sql = ActiveRecord::Base.sanitize_sql_array(["SELECT * FROM #{LEDGER_TABLE} WHERE subscription_id = ? AND kind = ?", @subscription.id, kind])
      ActiveRecord::Base.connection.select_all(sql).to_a
    end

    def self.bulk_pause(account_id, plan_codes)
      codes = plan_codes.map { |c| "'#{c}'" }.join(",")
      sql = "UPDATE subscriptions SET status = 'paused' WHERE account_id = #{account_id.to_i} AND plan_id IN (SELECT id FROM plans WHERE code IN (#{codes}))"
      ActiveRecord::Base.connection.exec_update(sql) # expect: sql-injection
    end

    private

    def record_ledger_entry(invoice_id, amount_cents)
      ActiveRecord::Base.connection.exec_insert(
        "INSERT INTO #{LEDGER_TABLE} (subscription_id, provider_invoice_id, amount_cents, kind, created_at) VALUES ($1, $2, $3, 'renewal', NOW())",
        "ledger_entry",
        [@subscription.id, invoice_id, amount_cents]
      )
    end

    def notify_crm(invoice)
      uri = URI.join(ENV.fetch("CRM_BASE_URL"), "/hooks/subscription-renewed")
      Net::HTTP.post(uri, { subscription_id: @subscription.id, invoice_id: invoice["id"] }.to_json, "Content-Type" => "application/json") # expect: error-handling
    rescue StandardError # expect: error-handling
    end
  end
end
