using Bookings.Api.Data;
using Bookings.Api.Integrations;
using Bookings.Api.Services;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

var bookingsDb = builder.Configuration.GetConnectionString("Bookings")
    ?? "Server=sql-bookings.internal,1433;Database=Bookings;User Id=bookings_app;Password=vnfyllCi9kuHjjF!;TrustServerCertificate=True"; // expect: secret

// Local docker-compose default; the real value is injected by the deployment.
var reportingDb = builder.Configuration.GetConnectionString("Reporting")
    ?? "Server=localhost,1433;Database=BookingsReporting;User Id=sa;Password=${SA_PASSWORD};TrustServerCertificate=True";

builder.Services.AddDbContext<BookingsDbContext>(options =>
    options.UseSqlServer(bookingsDb, sql => sql.EnableRetryOnFailure(3)));

builder.Services.AddScoped(_ => new SqlConnection(bookingsDb));
builder.Services.AddKeyedScoped("reporting", (_, _) => new SqlConnection(reportingDb));
builder.Services.AddScoped<BookingRepository>();
builder.Services.AddScoped<AvailabilityService>();

builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));
builder.Services.AddHttpClient<PaymentNotifier>(client =>
{
    client.BaseAddress = new Uri(builder.Configuration["Payments:BaseUrl"] ?? "https://api.stripe.com/");
    client.Timeout = TimeSpan.FromSeconds(10);
});

builder.Services.AddSingleton(new HousekeepingOptions
{
    ApiKey = builder.Configuration["Housekeeping:ApiKey"] ?? string.Empty,
    WebhookSigningSecret = "whsec_OeGcN8rkG7Ywiv3U9Ixxl3saAHKYUi7d", // expect: secret
    SignatureHeader = "X-Housekeeping-Signature",
});

builder.Services.AddControllers();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.MapControllers();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));

app.Run();

public sealed class HousekeepingOptions
{
    public string ApiKey { get; init; } = string.Empty;
    public string WebhookSigningSecret { get; init; } = string.Empty;
    public string SignatureHeader { get; init; } = string.Empty;
    public int TokenLifetimeMinutes { get; init; } = 30;
}
