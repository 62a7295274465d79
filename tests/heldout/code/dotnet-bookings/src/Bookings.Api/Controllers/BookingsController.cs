using Bookings.Api.Data;
using Bookings.Api.Integrations;
using Bookings.Api.Services;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.SqlClient;

namespace Bookings.Api.Controllers;

[ApiController]
[Route("api/bookings")]
public sealed class BookingsController : ControllerBase
{
    private readonly BookingRepository _bookings;
    private readonly AvailabilityService _availability;
    private readonly PaymentNotifier _payments;
    private readonly ILogger<BookingsController> _logger;

    public BookingsController(BookingRepository bookings, AvailabilityService availability, PaymentNotifier payments, ILogger<BookingsController> logger)
    {
        _bookings = bookings;
        _availability = availability;
        _payments = payments;
        _logger = logger;
    }

    [HttpGet]
    public async Task<IActionResult> Search([FromQuery] string? guest, [FromQuery] string channel = "direct") =>
        Ok(await _bookings.SearchAsync(guest ?? string.Empty, channel));

    [HttpGet("{reference}")]
    public async Task<IActionResult> Get(string reference)
    {
        var booking = await _bookings.FindByReferenceAsync(reference);
        return booking is null ? NotFound() : Ok(booking);
    }

    [HttpGet("/api/properties/{propertyId:int}/bookings")]
    public async Task<IActionResult> ForProperty(int propertyId, [FromQuery] string status = "Confirmed", [FromQuery] string sort = "checkin", [FromQuery] bool desc = false) =>
        Ok(await _bookings.ForPropertyAsync(propertyId, status, sort, desc));

    [HttpPost("{id:guid}/confirm")]
    public async Task<IActionResult> Confirm(Guid id, CancellationToken ct)
    {
        if (!await _availability.TryConfirmAsync(id, ct))
        {
            return Conflict();
        }

        SendConfirmationEmail(id);
        return Accepted();
    }

    [HttpPost("{id:guid}/cancel")]
    public async Task<IActionResult> Cancel(Guid id, [FromBody] CancelRequest request)
    {
        try
        {
            var rows = await _bookings.CancelAsync(id, request.Reason);
            if (rows == 0)
            {
                return NotFound();
            }
        }
        catch (SqlException ex) when (ex.Number == 1205)
        {
            _logger.LogWarning(ex, "Deadlock while cancelling booking {BookingId}", id);
            return Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Please retry");
        }

        try
        {
            await _payments.RefundDepositAsync(id);
        }
        catch (Exception) // expect: error-handling
        {
        }

        return NoContent();
    }

    [HttpPost("/api/properties/{propertyId:int}/block")]
    public async Task<IActionResult> Block(int propertyId, [FromBody] BlockRequest request, CancellationToken ct) =>
        Ok(new { blocked = await _availability.BlockRoomsAsync(propertyId, request.Rooms, request.Note, ct) });

    private async void SendConfirmationEmail(Guid bookingId) // expect: error-handling
    {
        var booking = await _bookings.FindByReferenceAsync(bookingId.ToString("N"));
        await _payments.NotifyConfirmedAsync(booking!);
    }
}

public sealed record CancelRequest(string Reason);

public sealed record BlockRequest(string Rooms, string Note);
