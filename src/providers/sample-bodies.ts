/**
 * A valid request body for each operation of the five specs that takes one, by operationId:
 * what the soak load and the hostile-input tests send when they need the mock to accept a body.
 */
export const sampleBodies: Readonly<Record<string, unknown>> = {
  createTryOnJob: { garment_image_url: 'https://shop.example.org/p/1/front.jpg' },
  createModelGeneratorJob: { prompt: 'studio portrait' },
  createJob: { operation: { type: 'node.hostname.get', data: {} }, target_hostname: '_any' },
  retryJob: { target_hostname: 'web-01' },
  createGenerationJob: { provider: 'revel', topic: 'orders' },
  respondToGenerationJob: { response: 'Use the Square v2 orders API.' },
  cancelJob: { action: 'cancel' },
};
