using Dapper;
using Microsoft.Data.SqlClient;

namespace Bookings.Api.Data;

public sealed class BookingRepository
{
    private const string BookingsTable = "dbo.Bookings";

    private static readonly IReadOnlyDictionary<string, string> SortColumns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["checkin"] = "CheckIn",
        ["checkout"] = "CheckOut",
        ["guest"] = "GuestName",
        ["created"] = "CreatedAt",
    };

    private readonly SqlConnection _connection;
    private readonly ILogger<BookingRepository> _logger;

    public BookingRepository(SqlConnection connection, ILogger<BookingRepository> logger)
    {
        _connection = connection;
        _logger = logger;
    }

    public Task<IEnumerable<Booking>> ForGuestAsync(string email) =>
        _connection.QueryAsync<Booking>(
            $"SELECT Id, PropertyId, GuestName, GuestEmail, CheckIn, CheckOut, Status FROM {BookingsTable} WHERE GuestEmail = @Email",
            new { Email = email });

    public Task<IEnumerable<Booking>> ForPropertyAsync(int propertyId, string status, string sort, bool descending)
    {
        var column = SortColumns.TryGetValue(sort ?? string.Empty, out var c) ? c : "CheckIn";
        var direction = descending ? "DESC" : "ASC";

        return _connection.QueryAsync<Booking>(
            $"SELECT * FROM {BookingsTable} WHERE PropertyId = @PropertyId AND Status = @Status ORDER BY {column} {direction}",
            new { PropertyId = propertyId, Status = status });
    }

    public Task<IEnumerable<Booking>> SearchAsync(string guestName, string channel)
    {
        var sql = $"SELECT TOP 100 * FROM {BookingsTable} WHERE GuestName LIKE '%{guestName}%' AND Channel = '{channel}'";
        return _connection.QueryAsync<Booking>(sql); // expect: sql-injection
    }

    public async Task<Booking?> FindByReferenceAsync(string reference)
    {
        await _connection.OpenAsync();
        using var cmd = new SqlCommand("SELECT * FROM dbo.Bookings WHERE ConfirmationCode = '" + reference + "'", _connection); // expect: sql-injection
        using var reader = await cmd.ExecuteReaderAsync();
        return reader.Read() ? Booking.FromReader(reader) : null;
    }

    public async Task<int> CancelAsync(Guid bookingId, string reason)
    {
        await _connection.OpenAsync();
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "UPDATE dbo.Bookings SET Status = 'Cancelled', CancelReason = @Reason, CancelledAt = SYSUTCDATETIME() WHERE Id = @Id";
        cmd.Parameters.AddWithValue("@Reason", reason);
        cmd.Parameters.AddWithValue("@Id", bookingId);
        return await cmd.ExecuteNonQueryAsync();
    }

    public Task<int> ReassignAsync(string fromPropertyCode, string toPropertyCode) =>
        _connection.ExecuteAsync($"UPDATE dbo.Bookings SET PropertyCode = '{toPropertyCode}' WHERE PropertyCode = '{fromPropertyCode}' AND CheckIn > SYSUTCDATETIME()"); // expect: sql-injection

    public async Task<int> OccupancyAsync(int propertyId, DateOnly day)
    {
        try
        {
            return await _connection.ExecuteScalarAsync<int>(
                "SELECT COUNT(*) FROM dbo.Bookings WHERE PropertyId = @propertyId AND @day >= CheckIn AND @day < CheckOut AND Status <> 'Cancelled'",
                new { propertyId, day = day.ToDateTime(TimeOnly.MinValue) });
        }
        catch (SqlException ex)
        {
            _logger.LogError(ex, "Occupancy query failed for property {PropertyId}", propertyId);
            throw;
        }
    }
}
