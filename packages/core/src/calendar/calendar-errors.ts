import { CrmError } from "../kernel/errors.js";

/** One appointment in the way of a booking: free/busy facts only, so it reveals no subject. */
export interface Clash {
  /** The busy user. */
  readonly userId: string;
  readonly appointmentId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/**
 * A booking made with `rejectDoubleBooking: true` overlaps other appointments of the
 * organiser or a user attendee. `clashes` lists each busy user and appointment. Nothing
 * was written. Code `DOUBLE_BOOKED`.
 */
export class DoubleBookingError extends CrmError {
  override readonly name = "DoubleBookingError";
  readonly clashes: readonly Clash[];

  constructor(clashes: readonly Clash[]) {
    const users = [...new Set(clashes.map((c) => c.userId))];
    super(
      "DOUBLE_BOOKED",
      `Double booking: ${users.join(", ")} already ${users.length === 1 ? "has" : "have"} an appointment then`,
      {
        details: { clashes },
      },
    );
    this.clashes = clashes;
  }
}
