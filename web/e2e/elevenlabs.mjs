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

const DAY = 24 * 3600;

/** A week and a half of varied calls for screenshots (oldest delivered first). */
const DEMO_CALLS = [
  { ago: 12 * DAY + 3600, duration: 150, summary: 'The caller booked a first check-up for next month.' },
  { ago: 11 * DAY + 7200, duration: 520, summary: 'A long conversation about treatment options and payment plans.' },
  { ago: 8 * DAY, duration: 40, successful: 'failure', summary: 'The caller hung up before giving their name.', data: {} },
  { ago: 6 * DAY, duration: 180, direction: 'outbound', externalNumber: '+14155550177', summary: 'Reminder call: the patient confirmed tomorrow’s appointment.' },
  { ago: 4 * DAY + 1800, duration: 95, summary: 'The caller asked for the opening hours on Saturday.', data: { topic: { value: 'opening hours' } } },
  { ago: 3 * DAY, duration: 310, summary: 'The caller asked whether their insurance covers a cleaning.', data: { insurer: { value: 'Blue Shield' } } },
  { ago: 3 * DAY - 5400, duration: 205, externalNumber: '+14155550142', summary: 'A new patient registered and booked a cleaning.' },
  { ago: DAY + 600, duration: 62, direction: 'outbound', externalNumber: '+14155550188', successful: 'failure', summary: 'No answer; a voicemail was left.', data: {} },
  { ago: DAY, duration: 245, summary: 'The caller asked about whitening prices and booked a consultation.' },
  { ago: 7200, duration: 133, recording: true },
];

const demo = new Map();

/**
 * Links the seeded "Front desk" agent of the signed-in tenant to ElevenLabs and delivers the demo
 * calls once per server; resolves to { recordedId } (the call with a recording).
 */
export function ensureDemoCalls(page, baseUrl) {
  if (!demo.has(baseUrl)) demo.set(baseUrl, seedDemoCalls(page, baseUrl));
  return demo.get(baseUrl);
}

async function seedDemoCalls(page, baseUrl) {
  const me = await (await page.request.get('/api/v1/me')).json();
  const headers = { 'x-csrf-token': me.csrf_token };
  const agents = await (await page.request.get('/api/v1/agents?q=Front%20desk')).json();
  const agent = agents.items?.[0];
  if (!agent) throw new Error('the seeded "Front desk" agent is missing');
  const agentId = `el_demo_${Date.now().toString(36)}`;
  const linked = await page.request.patch(`/api/v1/agents/${agent.id}`, { data: { elevenlabs_agent_id: agentId }, headers });
  if (linked.status() !== 200) throw new Error(`link agent: HTTP ${linked.status()} ${await linked.text()}`);
  let recorded;
  for (const [i, c] of DEMO_CALLS.entries()) {
    const conversationId = `${agentId}_conv_${i}`;
    const { ago, recording, ...rest } = c;
    await deliver(baseUrl, transcription({ agentId, conversationId, startedSecsAgo: ago, ...rest }));
    if (recording) {
      await deliver(baseUrl, audio({ agentId, conversationId, mp3: silentMp3(rest.duration) }));
      recorded = conversationId;
    }
  }
  const calls = await (await page.request.get('/api/v1/calls?limit=100')).json();
  const call = calls.items.find((c) => c.provider_call_id === recorded);
  if (!call) throw new Error('the demo call with a recording is missing');
  return { recordedId: call.id };
}

/** For pages.test.mjs: a path function that seeds the demo calls first ('list', 'live' or 'detail'). */
export const demoCallsPath = (baseUrl, which) => async (page) => {
  const { recordedId } = await ensureDemoCalls(page, baseUrl);
  if (which === 'detail') return `/calls/${recordedId}`;
  return which === 'live' ? '/calls/live' : '/calls';
};
