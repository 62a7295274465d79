using Bookings.Api.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Bookings.Api.Services;

public sealed class AvailabilityService
{
    private readonly BookingsDbContext _db;
    private readonly ILogger<AvailabilityService> _logger;

    public AvailabilityService(BookingsDbContext db, ILogger<AvailabilityService> logger)
    {
        _db = db;
        _logger = logger;
    }

    public Task<List<Room>> FreeRoomsAsync(int propertyId, DateTime from, DateTime to, CancellationToken ct) =>
        _db.Rooms
            .FromSqlInterpolated($@"SELECT r.* FROM dbo.Rooms r
                WHERE r.PropertyId = {propertyId}
                  AND NOT EXISTS (SELECT 1 FROM dbo.Bookings b
                                  WHERE b.RoomId = r.Id AND b.Status <> 'Cancelled'
                                    AND b.CheckIn < {to} AND b.CheckOut > {from})")
            .AsNoTracking()
            .ToListAsync(ct);

    public Task<List<Room>> RoomsByFeatureAsync(string feature, CancellationToken ct) =>
        _db.Rooms.FromSqlRaw($"SELECT * FROM dbo.Rooms WHERE Features LIKE '%{feature}%'").AsNoTracking().ToListAsync(ct); // expect: sql-injection

    public Task<List<Room>> RoomsByTypeAsync(string roomType, CancellationToken ct) =>
        _db.Rooms
            .FromSqlRaw("SELECT * FROM dbo.Rooms WHERE RoomType = @type", new SqlParameter("@type", roomType))
            .AsNoTracking()
            .ToListAsync(ct);

    public Task<int> ReleaseExpiredHoldsAsync(DateTime cutoff, CancellationToken ct) =>
        _db.Database.ExecuteSqlRawAsync("DELETE FROM dbo.RoomHolds WHERE ExpiresAt < {0}", new object[] { cutoff }, ct);

    public async Task<int> BlockRoomsAsync(int propertyId, string roomNumbers, string note, CancellationToken ct)
    {
        var sql = "UPDATE dbo.Rooms SET Blocked = 1, BlockNote = N'" + note + "' WHERE PropertyId = " + propertyId + " AND Number IN (" + roomNumbers + ")";
        var affected = await _db.Database.ExecuteSqlRawAsync(sql, ct); // expect: sql-injection
        _logger.LogInformation("Blocked {Count} rooms at property {PropertyId}", affected, propertyId);
        return affected;
    }

    public async Task<decimal?> NightlyRateAsync(int roomId, DateOnly night, CancellationToken ct)
    {
        try
        {
            return await _db.Rates
                .Where(r => r.RoomId == roomId && r.Night == night)
                .Select(r => (decimal?)r.Amount)
                .SingleOrDefaultAsync(ct);
        }
        catch (InvalidOperationException) // expect: error-handling
        {
        }

        return null;
    }

    public async Task<bool> TryConfirmAsync(Guid bookingId, CancellationToken ct)
    {
        var booking = await _db.Bookings.FindAsync(new object[] { bookingId }, ct);
        if (booking is null)
        {
            return false;
        }

        booking.Status = BookingStatus.Confirmed;
        try
        {
            await _db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            // Another instance confirmed or cancelled it first; the caller re-reads and shows the current state.
            _logger.LogInformation(ex, "Concurrent update on booking {BookingId}", bookingId);
            return false;
        }
    }
}
