using System.Net.Http.Json;
using System.Timers;
using Bookings.Api.Data;
using Microsoft.Extensions.Options;

namespace Bookings.Api.Integrations;

public sealed class PaymentOptions
{
    public string BaseUrl { get; set; } = "https://api.stripe.com/";
    public string SecretKey { get; set; } = string.Empty;
    public string ChannelManagerUrl { get; set; } = string.Empty;
}

public sealed class PaymentNotifier : IDisposable
{
    private const string ConnectAccountId = "acct_1OqZ3vLk7RtY2bWm";
    private const string LegacyRefundKey = "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"; // expect: secret

    private readonly HttpClient _http;
    private readonly PaymentOptions _options;
    private readonly ILogger<PaymentNotifier> _logger;
    private readonly System.Timers.Timer _heartbeat = new(TimeSpan.FromMinutes(5));

    public PaymentNotifier(HttpClient http, IOptions<PaymentOptions> options, ILogger<PaymentNotifier> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
        _heartbeat.Elapsed += OnHeartbeat;
        _heartbeat.Start();
    }

    public async Task RefundDepositAsync(Guid bookingId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/refunds");
        request.Headers.Authorization = new("Bearer", string.IsNullOrEmpty(_options.SecretKey) ? LegacyRefundKey : _options.SecretKey);
        request.Headers.Add("Stripe-Account", ConnectAccountId);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["metadata[booking_id]"] = bookingId.ToString() });

        var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async Task NotifyConfirmedAsync(Booking booking)
    {
        using var channelManager = new HttpClient();
        var response = await channelManager.PostAsJsonAsync(_options.ChannelManagerUrl, new { booking.Id, booking.PropertyId, booking.CheckIn, booking.CheckOut }); // expect: error-handling
        if (!response.IsSuccessStatusCode)
        {
            _logger.LogWarning("Channel manager answered {Status} for booking {BookingId}", response.StatusCode, booking.Id);
        }
    }

    private async void OnHeartbeat(object? sender, ElapsedEventArgs e)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _http.GetAsync("v1/balance", cts.Token);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Payment provider heartbeat failed");
        }
    }

    public async Task SyncPayoutsAsync(CancellationToken ct)
    {
        try
        {
            var payouts = await _http.GetFromJsonAsync<PayoutList>("v1/payouts?limit=20", ct);
            _logger.LogInformation("Fetched {Count} payouts", payouts?.Data.Count ?? 0);
        }
        catch (HttpRequestException ex)
        {
            _logger.LogError(ex, "Payout sync failed");
            throw;
        }
    }

    public void Dispose() => _heartbeat.Dispose();
}

public sealed record PayoutList(List<Payout> Data);

public sealed record Payout(string Id, long Amount, string Currency);
