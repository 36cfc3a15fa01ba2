// chorus web page: plain JavaScript, no build step, no inline script (CSP script-src 'self').
// The API key stays in sessionStorage and goes out as an Authorization header; live progress
// is read with fetch streaming (EventSource cannot send headers).
'use strict';

const KEY_STORAGE = 'chorus.apiKey';
const $ = (id) => document.getElementById(id);
const streams = new Map();

function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE) || '';
}

async function api(path, init = {}) {
  const headers = new Headers(init.headers || {});
  headers.set('authorization', `Bearer ${apiKey()}`);
  const res = await fetch(path, { ...init, headers });
  if (!res.ok) {
    let detail = `${res.status}`;
    try {
      const problem = await res.json();
      detail = `${problem.title || res.status}: ${problem.detail || ''}`;
    } catch {
      /* not JSON */
    }
    const err = new Error(detail);
    err.status = res.status;
    throw err;
  }
  return res;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// ---- key ---------------------------------------------------------------------------------

async function useKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
  try {
    const voices = (await (await api('/v1/voices')).json()).items;
    const select = $('voice');
    select.replaceChildren(
      ...voices.map((v) => el('option', { value: v.name, text: `${v.name} (${v.language})` })),
    );
    $('key-status').textContent = 'Key accepted.';
    $('submit-section').hidden = false;
    $('jobs-section').hidden = false;
    await loadJobs();
  } catch (err) {
    sessionStorage.removeItem(KEY_STORAGE);
    $('key-status').textContent = err.status === 401 ? 'That key was not accepted.' : `Error: ${err.message}`;
  }
}

// ---- jobs --------------------------------------------------------------------------------

function jobItem(job) {
  let item = $(`job-${job.id}`);
  if (!item) {
    item = el(
      'li',
      { id: `job-${job.id}`, class: 'job' },
      el('h3', { text: job.title || job.id }),
      el('progress', { max: '100', value: '0' }),
      el('span', { class: 'percent', text: '0 %' }),
      ' ',
      el('span', { class: 'status' }),
      el('div', { class: 'detail' }),
      el('div', { class: 'player' }),
    );
    $('jobs').prepend(item);
  }
  return item;
}

function showProgress(job) {
  const item = jobItem(job);
  const p = job.progress;
  item.querySelector('progress').value = p.percent;
  item.querySelector('.percent').textContent = `${p.percent} %`;
  const status = item.querySelector('.status');
  status.textContent = job.status;
  status.className = `status ${job.status}`;
  const audio = p.audioSeconds !== undefined ? `, ${p.audioSeconds.toFixed(1)} s of audio` : '';
  item.querySelector('.detail').textContent = `${p.segmentsDone}/${p.segmentsTotal} segments${audio}`;
  if (job.error) item.querySelector('.detail').textContent += ` — ${job.error}`;
}

function parseVtt(text) {
  const toSeconds = (t) => t.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
  const cues = [];
  for (const block of text.split(/\r?\n\r?\n/)) {
    const lines = block.split(/\r?\n/);
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0) continue;
    const [start, end] = lines[timing].split('-->').map((s) => toSeconds(s.trim().split(' ')[0]));
    cues.push({ start, end, text: lines.slice(timing + 1).join('\n') });
  }
  return cues;
}

async function showResult(job) {
  const item = jobItem(job);
  const player = item.querySelector('.player');
  if (job.status !== 'completed' || !job.audio || player.dataset.ready) return;
  player.dataset.ready = 'true';
  const audio = el('audio', { controls: '', preload: 'metadata', src: job.audio.url });
  const cue = el('div', { class: 'cue', 'aria-live': 'polite' });
  const downloads = el(
    'p',
    { class: 'downloads' },
    el('a', { href: job.audio.url, download: '', text: `audio (${job.audio.format})` }),
    el('a', { href: job.subtitles.vtt, text: 'WebVTT' }),
    el('a', { href: job.subtitles.srt, text: 'SRT' }),
    el('a', { href: job.manifestUrl, text: 'timings (manifest)' }),
  );
  for (const c of job.chapters || [])
    downloads.append(el('a', { href: c.url, text: `chapter ${c.index}${c.title ? `: ${c.title}` : ''}` }));
  player.replaceChildren(audio, cue, downloads);
  // Subtitles in sync: the cue under the playhead, from the job's WebVTT.
  const cues = parseVtt(await (await api(`/v1/jobs/${job.id}/subtitles.vtt`)).text());
  const update = () => {
    const t = audio.currentTime;
    const current = cues.find((c) => t >= c.start && t < c.end);
    cue.textContent = current ? current.text : '';
  };
  audio.addEventListener('timeupdate', update);
  audio.addEventListener('seeked', update);
}

async function readEvents(res, onEvent) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(event, JSON.parse(data.join('\n')));
    }
  }
}

async function follow(job) {
  if (streams.has(job.id)) return;
  streams.set(job.id, true);
  try {
    const res = await api(`/v1/jobs/${job.id}/events`);
    await readEvents(res, (event, data) => {
      if (event === 'progress') showProgress({ ...job, status: data.status, progress: data });
      if (event === 'completed' || event === 'failed' || event === 'cancelled') {
        showProgress(data);
        void showResult(data);
      }
    });
  } catch (err) {
    jobItem(job).querySelector('.detail').textContent = `live progress lost: ${err.message}`;
  } finally {
    streams.delete(job.id);
  }
}

async function loadJobs() {
  const page = (await (await api('/v1/jobs?limit=20')).json()).items;
  for (const job of page.reverse()) {
    showProgress(job);
    if (job.status === 'queued' || job.status === 'running') void follow(job);
    else if (job.status === 'completed') void showResult(await (await api(`/v1/jobs/${job.id}`)).json());
  }
}

async function submitJob(event) {
  event.preventDefault();
  const status = $('submit-status');
  const file = $('file').files[0];
  const text = $('text').value;
  if (!file && !text.trim()) {
    status.textContent = 'Paste some text or choose a file.';
    return;
  }
  const options = { voice: $('voice').value, format: $('format').value };
  if ($('sample-rate').value) options.sampleRate = Number($('sample-rate').value);
  if ($('split').checked) options.split = 'chapters';
  let init;
  if (file) {
    const form = new FormData();
    form.append('file', file, file.name);
    for (const [k, v] of Object.entries(options)) form.append(k, String(v));
    init = { method: 'POST', body: form };
  } else {
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text, ...options }),
    };
  }
  try {
    const job = await (await api('/v1/jobs', init)).json();
    status.textContent = `Accepted: ${job.progress.segmentsTotal} segments.`;
    showProgress(job);
    void follow(job);
  } catch (err) {
    status.textContent = `Refused — ${err.message}`;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void useKey($('key').value.trim());
  });
  $('forget-key').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    location.reload();
  });
  $('job-form').addEventListener('submit', (e) => void submitJob(e));
  $('refresh').addEventListener('click', () => void loadJobs());
  if (apiKey()) void useKey(apiKey());
});
