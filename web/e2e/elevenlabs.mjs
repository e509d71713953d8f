// Test data for the call pages: ElevenLabs' signed post-call webhooks (transcription and audio),
// sent from node the way ElevenLabs sends them, and a small valid MP3 to serve as the recording.
import crypto from 'node:crypto';
import { ELEVENLABS_WEBHOOK_SECRET } from './harness.mjs';

/** `ElevenLabs-Signature: t=<unix>,v0=<hex HMAC-SHA256(secret, "<t>.<body>")>` */
export function sign(body, t = Math.floor(Date.now() / 1000), secret = ELEVENLABS_WEBHOOK_SECRET) {
  const mac = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v0=${mac}`;
}

/** POSTs a signed webhook event; returns the parsed answer (throws unless 200). */
export async function deliver(baseUrl, event) {
  const body = JSON.stringify(event);
  const res = await fetch(`${baseUrl}/webhooks/elevenlabs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'ElevenLabs-Signature': sign(body) },
    body,
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`webhook ${event.type}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

const now = () => Math.floor(Date.now() / 1000);

/**
 * A `post_call_transcription` event. `startedSecsAgo` places the call in time (the chart groups
 * by day), `lines` is [role, message, secondsIntoCall][].
 */
export function transcription({
  agentId = 'el_agent_1',
  conversationId,
  startedSecsAgo = 200,
  duration = 133,
  cost = 412,
  direction = 'inbound',
  agentNumber = '+14155550100',
  externalNumber = '+14155550123',
  successful = 'success',
  summary = 'The caller moved an appointment from Tuesday to Friday at 10 am.',
  data = { new_day: { value: 'Friday', rationale: 'The caller asked for Friday morning.' }, new_time: { value: '10:00' } },
  lines = [
    ['agent', 'Hello, thanks for calling Acme Dental. How can I help?', 0],
    ['user', 'Hi, I need to move my appointment.', 4],
    ['agent', 'Of course. Which day works better for you?', 8],
    ['user', 'Friday morning, if possible.', 13],
    ['agent', 'Done: Friday at 10 am. Anything else?', 19],
    ['user', 'No, that is all. Thanks!', 25],
  ],
  terminationReason = 'end_call tool was called.',
} = {}) {
  return {
    type: 'post_call_transcription',
    event_timestamp: now(),
    data: {
      agent_id: agentId,
      conversation_id: conversationId,
      status: 'done',
      transcript: lines.map(([role, message, t]) => ({ role, message, time_in_call_secs: t })),
      metadata: {
        start_time_unix_secs: now() - startedSecsAgo,
        call_duration_secs: duration,
        cost,
        termination_reason: terminationReason,
        phone_call: { direction, agent_number: agentNumber, external_number: externalNumber, type: 'twilio' },
      },
      analysis: {
        call_successful: successful,
        transcript_summary: summary,
        data_collection_results: data,
        evaluation_criteria_results: {},
      },
      conversation_initiation_client_data: { dynamic_variables: {} },
    },
  };
}

/** A `post_call_audio` event carrying `mp3` (a Buffer) base64-encoded. */
export function audio({ agentId = 'el_agent_1', conversationId, mp3 = silentMp3() }) {
  return {
    type: 'post_call_audio',
    event_timestamp: now(),
    data: { agent_id: agentId, conversation_id: conversationId, full_audio: mp3.toString('base64') },
  };
}

/**
 * A valid MPEG-1 Layer III stream of silence: 44.1 kHz mono frames at 32 kbit/s whose side
 * information is all zeros (no coded audio, so every decoder renders silence). Frame length is
 * 144 × bitrate / sample rate bytes (104, or 105 with the padding bit that keeps the average
 * bitrate exact); 1152 samples per frame.
 */
export function silentMp3(seconds = 2) {
  const frames = Math.ceil((seconds * 44100) / 1152);
  const out = [];
  let rest = 0;
  for (let i = 0; i < frames; i++) {
    // Padding slot whenever the fractional remainder of 144 × 32000 / 44100 adds up.
    rest += (144 * 32000) % 44100;
    const pad = rest >= 44100 ? 1 : 0;
    if (pad) rest -= 44100;
    const frame = Buffer.alloc(104 + pad);
    // sync 11 bits, MPEG-1, Layer III, no CRC | bitrate 32k (0001), 44.1 kHz (00), padding | mono
    frame[0] = 0xff;
    frame[1] = 0xfb;
    frame[2] = 0x10 | (pad << 1);
    frame[3] = 0xc0;
    out.push(frame);
  }
  return Buffer.concat(out);
}
