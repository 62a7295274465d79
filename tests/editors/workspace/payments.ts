// Payment client: the error from the gateway is caught and dropped.
export async function refund(gateway: { refund(id: string): Promise<void> }, paymentId: string): Promise<void> {
  try {
    await gateway.refund(paymentId);
  } catch (error) {
  }
}
