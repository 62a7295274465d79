require "faraday"
require "faraday/retry"

module Billing
  class ProviderClient
    DEFAULT_TIMEOUT = 8
    OPEN_TIMEOUT = 2

    def self.default
      @default ||= new(api_key: Rails.application.credentials.dig(:stripe, :secret_key) || ENV.fetch("STRIPE_SECRET_KEY"))
    end

    def initialize(api_key:, base_url: "https://api.stripe.com")
      @connection = Faraday.new(url: base_url) do |f|
        f.request :authorization, "Bearer", api_key
        f.request :url_encoded
        f.request :retry, max: 2, interval: 0.3, retry_statuses: [429, 502, 503]
        f.response :json
        f.response :raise_error
        f.options.timeout = DEFAULT_TIMEOUT
        f.options.open_timeout = OPEN_TIMEOUT
      end
    end

    def create_invoice(customer:, price:, quantity:)
      @connection.post("/v1/invoiceitems", customer: customer, price: price, quantity: quantity)
      @connection.post("/v1/invoices", customer: customer, auto_advance: true).body
    end

    def cancel_subscription(external_id)
      @connection.delete("/v1/subscriptions/#{external_id}").body
    rescue Faraday::ResourceNotFound
      # Already gone on the provider side (e.g. removed from the dashboard); local cancel proceeds.
      Rails.logger.info("provider.cancel_missing external_id=#{external_id}")
      nil
    end

    def upcoming_invoice(customer)
      @connection.get("/v1/invoices/upcoming", customer: customer).body
    rescue Faraday::Error => e
      raise ProviderError, "upcoming invoice lookup failed: #{e.message}"
    end

    def self.fetch_tax_rates(country)
      response = Faraday.get("https://tax-rates.northwind.io/v1/rates", country: country) # expect: error-handling
      JSON.parse(response.body).fetch("rates", [])
    rescue JSON::ParserError # expect: error-handling
    end

    def self.exchange_rate(from, to)
      uri = URI("https://fx.treasury.northwind.io/latest?base=#{from}&symbols=#{to}")
      body = Net::HTTP.start(uri.host, uri.port, use_ssl: true, open_timeout: 2, read_timeout: 5) do |http|
        http.get(uri.request_uri).body
      end
      JSON.parse(body).dig("rates", to)
    end
  end
end
