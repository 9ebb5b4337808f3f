// WvsMesh web UI: a small router over the public API (/api/v4), no build step, no dependencies.
// Everything from the API reaches the page through textContent or attributes (never innerHTML), so nothing it
// returns can become markup. The CSP forbids inline scripts and styles; this file and app.css are all there is.

const csrfToken = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
const main = document.getElementById('main');
const sidebar = document.getElementById('sidebar');
const announcer = document.getElementById('announcer');

const MaintainerMessage = 'You need the Maintainer or Owner role to manage pipeline trigger tokens.';
const VariablesMessage = 'You need the Maintainer or Owner role to manage CI/CD variables.';
const PerPage = 20;

// ---------- DOM building ----------

/** Creates an element: attributes (class, data-*, aria-*, on* handlers, boolean true/false) and children (nodes or text). */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'value' && 'value' in element) {
      element.value = value;
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

const svgNs = 'http://www.w3.org/2000/svg';

/** The copy icon (two sheets), drawn as SVG elements so no text joins the token's cell. */
function copyIcon() {
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const [x, y] of [[5, 1], [1, 5]]) {
    const rect = document.createElementNS(svgNs, 'rect');
    rect.setAttribute('x', String(x));
    rect.setAttribute('y', String(y));
    rect.setAttribute('width', '10');
    rect.setAttribute('height', '10');
    rect.setAttribute('rx', '2');
    rect.setAttribute('fill', x === 1 ? 'currentColor' : 'none');
    rect.setAttribute('fill-opacity', x === 1 ? '0.15' : '1');
    rect.setAttribute('stroke', 'currentColor');
    rect.setAttribute('stroke-width', '1.5');
    svg.append(rect);
  }
  return svg;
}

function announce(message) {
  announcer.textContent = '';
  // A fresh text node in a second frame makes screen readers read a repeated message again.
  requestAnimationFrame(() => { announcer.textContent = message; });
}

// ---------- Formatting ----------

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A <time> element reading "3 minutes ago" (or "in 2 days"), its full date in the title; `never` when there is none. */
function time(value, never = 'Never') {
  if (!value) {
    return h('span', { class: 'muted' }, never);
  }
  const date = new Date(value);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const units = [['year', 31536000], ['month', 2592000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60]];
  let text = relative.format(seconds, 'second');
  if (Math.abs(seconds) < 45) {
    text = seconds <= 0 ? 'just now' : 'in a few seconds';
  } else {
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size) {
        text = relative.format(Math.round(seconds / size), unit);
        break;
      }
    }
  }
  return h('time', { datetime: date.toISOString(), title: absolute.format(date) }, text);
}

/** A user's name, with @username beside it when the two differ. */
function userName(user) {
  return user.name && user.name !== user.username
    ? [user.name, ' ', h('span', { class: 'muted' }, `@${user.username}`)]
    : h('span', { title: `@${user.username}` }, user.username);
}

function statusBadge(status) {
  const safe = String(status ?? 'unknown').replace(/[^a-z_]/g, '');
  return h('span', { class: `badge status-${safe}` }, status ?? 'unknown');
}

function sourceBadge(source) {
  return h('span', { class: 'badge badge-source' }, source ?? 'unknown');
}

// ---------- API ----------

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GitLab's error bodies: {"message":"…"}, {"error":"…"} or {"message":{"field":["…"]}}, made one sentence. */
function errorText(body, status) {
  if (body && typeof body === 'object') {
    if (typeof body.error === 'string') {
      return body.error;
    }
    if (typeof body.message === 'string') {
      return body.message;
    }
    if (body.message && typeof body.message === 'object') {
      return Object.entries(body.message)
        .map(([field, problems]) => (field === 'base' ? [].concat(problems).join(', ') : `${field} ${[].concat(problems).join(', ')}`))
        .join('; ');
    }
  }
  return `The server answered ${status}.`;
}

async function request(method, path, form) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (form) {
    init.body = new URLSearchParams(form);
  }
  const response = await fetch(`/api/v4${path}`, init);
  if (response.status === 401) {
    // The session ended: sign in again and come back here.
    window.location.assign(`/users/sign_in?return_to=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  return response;
}

async function readBody(response) {
  const text = await response.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends a request and returns its JSON (null for 204); throws ApiError with GitLab's message otherwise. */
async function api(method, path, form) {
  const response = await request(method, path, form);
  const body = await readBody(response);
  if (!response.ok) {
    throw new ApiError(response.status, errorText(body, response.status));
  }
  return body;
}

/** A list and its pagination headers. */
async function apiList(path) {
  const response = await request('GET', path);
  const body = await readBody(response);
  if (!response.ok) {
    throw new ApiError(response.status, errorText(body, response.status));
  }
  return {
    items: Array.isArray(body) ? body : [],
    total: Number(response.headers.get('X-Total') ?? 0),
    page: Number(response.headers.get('X-Page') ?? 1),
    totalPages: Number(response.headers.get('X-Total-Pages') ?? 1),
  };
}

async function apiText(path) {
  const response = await request('GET', path);
  const text = await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, errorText(safeJson(text), response.status));
  }
  return text;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ---------- Page frame ----------

let renderGeneration = 0;

/** Replaces the main region; returns false when a newer navigation has started meanwhile. */
function show(generation, title, ...children) {
  if (generation !== renderGeneration) {
    return false;
  }
  document.title = `${title} · WvsMesh`;
  main.replaceChildren(...children.flat().filter(Boolean));
  return true;
}

function pageHeader(title, lead, ...extra) {
  return h('div', { class: 'page-header' },
    h('div', null, h('h1', { tabindex: '-1' }, title), lead ? h('p', { class: 'lead' }, lead) : null),
    extra.length ? h('div', { class: 'actions' }, extra) : null);
}

function breadcrumbs(...items) {
  return h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumb' },
    h('ol', null, items.map((item, index) => h('li', null,
      item.href && index < items.length - 1 ? h('a', { href: item.href }, item.text) : h('span', { 'aria-current': index === items.length - 1 ? 'page' : null }, item.text)))));
}

function errorPage(generation, error) {
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 404 ? 'Not found' : status === 403 ? 'Access denied' : 'Something went wrong';
  const text = status === 404
    ? 'This page does not exist, or you do not have access to it.'
    : status === 403 ? 'You do not have permission to see this page.' : (error?.message ?? String(error));
  show(generation, title, pageHeader(title), h('p', { class: 'callout callout-danger', role: 'alert' }, text), h('p', null, h('a', { href: '/' }, 'Back to your projects')));
}

/** The project's sidebar: name, then Pipelines, Jobs and Settings › CI/CD, the current one marked. */
function renderSidebar(project, current) {
  if (!project) {
    sidebar.hidden = true;
    sidebar.replaceChildren();
    return;
  }
  const base = `/-/projects/${project.id}`;
  const link = (href, text, key) => h('li', null, h('a', { href, 'aria-current': current === key ? 'page' : null }, text));
  sidebar.replaceChildren(
    h('a', { class: 'project-name', href: `${base}/pipelines` },
      h('span', { class: 'project-avatar', 'aria-hidden': 'true' }, (project.name ?? '?').slice(0, 1)),
      h('span', null, project.name ?? `Project ${project.id}`)),
    h('ul', null,
      h('li', { class: 'nav-group', 'aria-hidden': 'true' }, 'Build'),
      link(`${base}/pipelines`, 'Pipelines', 'pipelines'),
      link(`${base}/jobs`, 'Jobs', 'jobs'),
      h('li', { class: 'nav-group', 'aria-hidden': 'true' }, 'Settings'),
      link(`${base}/settings/ci_cd`, 'CI/CD', 'ci_cd')));
  sidebar.setAttribute('aria-label', `Project ${project.name ?? project.id}`);
  sidebar.hidden = false;
}

const projectCache = new Map();

async function loadProject(id) {
  if (!projectCache.has(id)) {
    projectCache.set(id, api('GET', `/projects/${encodeURIComponent(id)}`).catch(error => {
      projectCache.delete(id);
      throw error;
    }));
  }
  return projectCache.get(id);
}

function projectCrumbs(project, ...rest) {
  return breadcrumbs({ text: 'Projects', href: '/' }, { text: project.name_with_namespace ?? project.name, href: `/-/projects/${project.id}/pipelines` }, ...rest);
}

function pager(list, path) {
  if (list.totalPages <= 1) {
    return null;
  }
  const link = (page, text, rel) => h('a', { class: 'button button-small', href: `${path}?page=${page}`, rel }, text);
  return h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    h('span', null, `Page ${list.page} of ${list.totalPages} · ${list.total} in all`),
    h('span', { class: 'actions' },
      list.page > 1 ? link(list.page - 1, 'Previous', 'prev') : null,
      list.page < list.totalPages ? link(list.page + 1, 'Next', 'next') : null));
}

function currentPage() {
  const page = Number(new URLSearchParams(window.location.search).get('page'));
  return Number.isInteger(page) && page > 0 ? page : 1;
}

function table(id, caption, headings, rows, emptyText) {
  if (rows.length === 0) {
    return h('p', { class: 'empty', id: `${id}-empty` }, emptyText);
  }
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', null, h('tr', null, headings.map(heading => h('th', { scope: 'col' }, heading)))),
      h('tbody', null, rows)));
}

// ---------- Clipboard ----------

async function copyText(text, button, what) {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
    } else {
      fallbackCopy(text);
    }
    button.classList.add('copied');
    const label = button.getAttribute('aria-label');
    button.setAttribute('aria-label', `${what} copied`);
    button.title = `${what} copied`;
    announce(`${what} copied to the clipboard.`);
    setTimeout(() => {
      button.classList.remove('copied');
      button.setAttribute('aria-label', label);
      button.title = label;
    }, 2000);
  } catch {
    announce(`Could not copy the ${what.toLowerCase()}; select it and copy it yourself.`);
  }
}

/** Plain-HTTP deployments have no navigator.clipboard: copy through a temporary, off-screen text area. */
function fallbackCopy(text) {
  const area = h('textarea', { class: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) {
    throw new Error('copy refused');
  }
}

function copyButton(text, label, what, extraClass = '') {
  const button = h('button', { type: 'button', class: `icon-button ${extraClass}`.trim(), 'aria-label': label, title: label }, copyIcon());
  button.addEventListener('click', () => copyText(text, button, what));
  return button;
}

// ---------- Dialogs ----------

/**
 * A modal confirmation: resolves true when the confirm button is pressed, false on Cancel or Escape.
 * Focus starts on Cancel (the safe choice) and returns to the opener when the dialog closes.
 */
function confirmDialog({ id, title, text, confirmId, confirmText }) {
  document.getElementById(id)?.remove();
  const opener = document.activeElement;
  return new Promise(resolve => {
    const titleId = `${id}-title`;
    const textId = `${id}-text`;
    const cancel = h('button', { type: 'button', class: 'button', value: 'cancel' }, 'Cancel');
    const confirm = h('button', { type: 'button', class: 'button button-danger', id: confirmId, value: 'confirm' }, confirmText);
    const dialog = h('dialog', { id, 'aria-labelledby': titleId, 'aria-describedby': textId },
      h('h2', { id: titleId }, title),
      h('p', { id: textId }, text),
      h('div', { class: 'actions' }, cancel, confirm));
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    confirm.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) {
        opener.focus();
      }
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

// ---------- Pages ----------

async function projectsPage(generation) {
  renderSidebar(null);
  const list = await apiList(`/projects?per_page=${PerPage}&page=${currentPage()}&order_by=id`);
  const items = list.items.map(project => h('li', null,
    h('span', { class: 'project-avatar', 'aria-hidden': 'true' }, (project.name ?? '?').slice(0, 1)),
    h('a', { href: `/-/projects/${project.id}/pipelines`, 'data-project-id': project.id }, project.path_with_namespace ?? project.name),
    h('span', { class: 'meta' }, 'Created ', time(project.created_at))));
  show(generation, 'Projects',
    pageHeader('Projects', 'Projects you are a member of.'),
    items.length ? h('ul', { class: 'project-list', id: 'projects' }, items)
      : h('p', { class: 'empty' }, 'You are not a member of any project yet. Projects are created through the API (POST /api/v4/projects).'),
    pager(list, '/'));
}

async function pipelinesPage(generation, projectId) {
  const project = await loadProject(projectId);
  renderSidebar(project, 'pipelines');
  const path = `/-/projects/${project.id}/pipelines`;
  const list = await apiList(`/projects/${project.id}/pipelines?per_page=${PerPage}&page=${currentPage()}`);
  const rows = list.items.map(pipeline => h('tr', { 'data-pipeline-id': pipeline.id },
    h('td', { class: 'status' }, statusBadge(pipeline.status)),
    h('td', { class: 'pipeline' }, h('a', { href: `${path}/${pipeline.id}` }, `#${pipeline.id}`)),
    h('td', { class: 'ref' }, h('code', null, pipeline.ref)),
    h('td', { class: 'source' }, sourceBadge(pipeline.source)),
    h('td', { class: 'trigger' }, pipeline.trigger ? h('span', null, pipeline.trigger.description || 'Trigger token', ' ', h('code', { class: 'muted' }, pipeline.trigger.short_token)) : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'created' }, time(pipeline.created_at))));
  show(generation, `Pipelines · ${project.name}`,
    projectCrumbs(project, { text: 'Pipelines' }),
    pageHeader('Pipelines', null, h('a', { class: 'button', href: `/-/projects/${project.id}/settings/ci_cd#pipeline-triggers` }, 'Trigger tokens')),
    table('pipelines-table', 'Pipelines', ['Status', 'Pipeline', 'Ref', 'Source', 'Trigger token', 'Created'], rows,
      'No pipelines yet. Trigger one with a pipeline trigger token (Settings › CI/CD).'),
    pager(list, path));
}

/** Stages in the order their first job was created (the API lists a pipeline's jobs, not its stages). */
function groupByStage(jobs) {
  const stages = new Map();
  for (const job of [...jobs].sort((a, b) => a.id - b.id)) {
    if (!stages.has(job.stage)) {
      stages.set(job.stage, []);
    }
    stages.get(job.stage).push(job);
  }
  return stages;
}

async function pipelinePage(generation, projectId, pipelineId) {
  const project = await loadProject(projectId);
  renderSidebar(project, 'pipelines');
  const base = `/-/projects/${project.id}`;
  const [pipeline, jobs] = await Promise.all([
    api('GET', `/projects/${project.id}/pipelines/${encodeURIComponent(pipelineId)}`),
    apiList(`/projects/${project.id}/pipelines/${encodeURIComponent(pipelineId)}/jobs?per_page=100`),
  ]);
  const stages = [...groupByStage(jobs.items)].map(([stage, stageJobs]) => h('section', { class: 'stage', 'data-stage': stage, 'aria-labelledby': `stage-${stage}` },
    h('h2', { id: `stage-${stage}` }, stage),
    h('ul', null, stageJobs.map(job => h('li', null,
      h('a', { href: `${base}/jobs/${job.id}`, 'data-job-id': job.id },
        h('span', { class: 'job-name' }, job.name),
        statusBadge(job.status)))))));
  show(generation, `Pipeline #${pipeline.id} · ${project.name}`,
    projectCrumbs(project, { text: 'Pipelines', href: `${base}/pipelines` }, { text: `#${pipeline.id}` }),
    pageHeader(`Pipeline #${pipeline.id}`, null),
    h('div', { class: 'panel', id: 'pipeline-details' },
      h('dl', { class: 'details' },
        h('dt', null, 'Status'), h('dd', { class: 'status' }, statusBadge(pipeline.status)),
        h('dt', null, 'Source'), h('dd', { class: 'source' }, sourceBadge(pipeline.source)),
        h('dt', null, 'Ref'), h('dd', { class: 'ref' }, h('code', null, pipeline.ref)),
        h('dt', null, 'Commit'), h('dd', null, h('code', null, (pipeline.sha ?? '').slice(0, 8))),
        pipeline.trigger ? [h('dt', null, 'Trigger token'), h('dd', null, pipeline.trigger.description || 'Trigger token', ' ', h('code', { class: 'trigger-short-token' }, pipeline.trigger.short_token))] : null,
        pipeline.user ? [h('dt', null, 'Triggered by'), h('dd', null, userName(pipeline.user))] : null,
        h('dt', null, 'Created'), h('dd', null, time(pipeline.created_at)))),
    h('h2', null, 'Jobs'),
    stages.length ? h('div', { class: 'stages' }, stages) : h('p', { class: 'empty' }, 'This pipeline has no jobs.'));
}

async function jobsPage(generation, projectId) {
  const project = await loadProject(projectId);
  renderSidebar(project, 'jobs');
  const base = `/-/projects/${project.id}`;
  const list = await apiList(`/projects/${project.id}/jobs?per_page=${PerPage}&page=${currentPage()}`);
  const rows = list.items.map(job => h('tr', { 'data-job-id': job.id },
    h('td', { class: 'status' }, statusBadge(job.status)),
    h('td', { class: 'name' }, h('a', { href: `${base}/jobs/${job.id}` }, job.name), ' ',
      job.triggered === true ? h('span', { class: 'badge badge-triggered', title: 'Started by a pipeline trigger token' }, 'triggered') : null),
    h('td', { class: 'stage' }, job.stage),
    h('td', { class: 'pipeline' }, job.pipeline ? h('a', { href: `${base}/pipelines/${job.pipeline.id}` }, `#${job.pipeline.id}`) : '—'),
    h('td', { class: 'ref' }, h('code', null, job.ref)),
    h('td', { class: 'created' }, time(job.created_at))));
  show(generation, `Jobs · ${project.name}`,
    projectCrumbs(project, { text: 'Jobs' }),
    pageHeader('Jobs'),
    table('jobs-table', 'Jobs', ['Status', 'Job', 'Stage', 'Pipeline', 'Ref', 'Created'], rows, 'No jobs yet.'),
    pager(list, `${base}/jobs`));
}

async function jobPage(generation, projectId, jobId) {
  const project = await loadProject(projectId);
  renderSidebar(project, 'jobs');
  const base = `/-/projects/${project.id}`;
  const jobPath = `/projects/${project.id}/jobs/${encodeURIComponent(jobId)}`;
  const [job, variables, trace] = await Promise.all([
    api('GET', jobPath),
    api('GET', `${jobPath}/variables`).catch(error => (error instanceof ApiError && error.status === 403 ? null : Promise.reject(error))),
    apiText(`${jobPath}/trace`).catch(() => null),
  ]);

  // Values stay in this closure until the reader asks for them; the API sent them only to Maintainers and Owners.
  const list = Array.isArray(variables) ? variables : [];
  const hasValues = list.some(variable => typeof variable.value === 'string');
  const payload = list.find(variable => variable.key === 'TRIGGER_PAYLOAD');
  const valueCells = new Map();
  const rows = list.map(variable => {
    const cell = h('td', { class: 'value' }, hasValues ? h('span', { class: 'secret-dots', 'aria-label': 'hidden' }, '••••••') : h('span', { class: 'muted' }, 'Not shown'));
    valueCells.set(variable.key, cell);
    return h('tr', { 'data-key': variable.key },
      h('td', { class: 'key' }, h('code', null, variable.key)),
      h('td', { class: 'type' }, variable.variable_type === 'file' ? 'File' : 'Variable'),
      cell);
  });
  const payloadPre = h('pre', { class: 'code', id: 'payload', tabindex: '0' });
  let revealed = false;
  const reveal = hasValues ? h('button', { type: 'button', class: 'button button-small', id: 'reveal-values', 'aria-pressed': 'false', 'aria-controls': 'trigger-variables payload' }, 'Reveal values') : null;
  const fillValues = () => {
    for (const variable of list) {
      const cell = valueCells.get(variable.key);
      if (!revealed) {
        cell.replaceChildren(h('span', { class: 'secret-dots', 'aria-label': 'hidden' }, '••••••'));
      } else if (variable.key === 'TRIGGER_PAYLOAD') {
        cell.replaceChildren(h('span', { class: 'muted' }, 'Shown under Payload'));
      } else {
        cell.replaceChildren(h('code', null, variable.value ?? ''));
      }
    }
    payloadPre.textContent = revealed && typeof payload?.value === 'string' ? prettyJson(payload.value) : '';
    payloadPre.hidden = !revealed;
    payloadNote.hidden = revealed;
  };
  const payloadNote = h('p', { class: 'muted' }, hasValues ? 'Hidden. Press “Reveal values” to show it.' : 'The payload is visible to Maintainers and Owners.');
  reveal?.addEventListener('click', () => {
    revealed = !revealed;
    reveal.textContent = revealed ? 'Hide values' : 'Reveal values';
    reveal.setAttribute('aria-pressed', String(revealed));
    fillValues();
  });
  payloadPre.hidden = true;

  const trigger = job.trigger;
  show(generation, `${job.name} · Job #${job.id}`,
    projectCrumbs(project, { text: 'Jobs', href: `${base}/jobs` }, { text: `#${job.id}` }),
    pageHeader(`Job ${job.name}`, null, statusBadge(job.status),
      job.triggered === true ? h('span', { class: 'badge badge-triggered' }, 'triggered') : null),
    h('div', { class: 'job-layout' },
      h('div', null,
        h('section', { class: 'panel', 'aria-labelledby': 'job-log-title' },
          h('h2', { id: 'job-log-title' }, 'Log'),
          h('pre', { class: 'log', id: 'job-log', tabindex: '0', 'aria-label': 'Job log' }, trace && trace.length ? trace : 'The job has not written any output yet.')),
        variables === null ? null : h('section', { class: 'panel', id: 'job-trigger-variables', 'aria-labelledby': 'trigger-variables-title' },
          h('div', { class: 'example-head' }, h('h2', { id: 'trigger-variables-title' }, 'Trigger variables'), reveal),
          hasValues ? null : list.length ? h('p', { class: 'muted' }, 'Values are visible to Maintainers and Owners.') : null,
          list.length
            ? h('div', { class: 'table-wrap' }, h('table', { id: 'trigger-variables' },
              h('caption', { class: 'visually-hidden' }, 'Trigger variables'),
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Value'))),
              h('tbody', null, rows)))
            : h('p', { class: 'empty' }, 'This job has no trigger variables.')),
        payload ? h('section', { class: 'panel', 'aria-labelledby': 'payload-title' },
          h('h2', { id: 'payload-title' }, 'Payload'), h('p', { class: 'lead' }, 'TRIGGER_PAYLOAD: the trigger request’s parameters without the token.'), payloadNote, payloadPre) : null),
      h('aside', { 'aria-label': 'Job details' },
        h('section', { class: 'panel', id: 'job-details', 'aria-labelledby': 'job-details-title' },
          h('h2', { id: 'job-details-title' }, 'Details'),
          h('dl', { class: 'details' },
            h('dt', null, 'Status'), h('dd', { class: 'status' }, statusBadge(job.status)),
            h('dt', null, 'Stage'), h('dd', null, job.stage),
            h('dt', null, 'Pipeline'), h('dd', null, job.pipeline ? h('a', { href: `${base}/pipelines/${job.pipeline.id}` }, `#${job.pipeline.id}`) : '—'),
            h('dt', null, 'Source'), h('dd', null, job.pipeline ? sourceBadge(job.pipeline.source) : '—'),
            h('dt', null, 'Ref'), h('dd', null, h('code', null, job.ref)),
            trigger ? [h('dt', null, 'Trigger token'), h('dd', null, h('code', { class: 'trigger-short-token' }, trigger.short_token))] : null,
            trigger?.description ? [h('dt', null, 'Token description'), h('dd', null, trigger.description)] : null,
            h('dt', null, 'Created'), h('dd', null, time(job.created_at)),
            h('dt', null, 'Started'), h('dd', null, time(job.started_at, 'Not yet')),
            h('dt', null, 'Finished'), h('dd', null, time(job.finished_at, 'Not yet')))))));
}

function prettyJson(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// ---------- Settings › CI/CD ----------

async function ciCdSettingsPage(generation, projectId) {
  const project = await loadProject(projectId);
  renderSidebar(project, 'ci_cd');
  const triggers = h('section', { class: 'settings-block', id: 'pipeline-triggers', 'aria-labelledby': 'pipeline-triggers-title' },
    h('h2', { id: 'pipeline-triggers-title' }, 'Pipeline trigger tokens'),
    h('p', { class: 'lead' }, 'Trigger a pipeline for a branch or tag by sending a POST request with a trigger token. A token acts with its owner’s access.'),
    h('p', { class: 'loading' }, 'Loading trigger tokens…'));
  const variables = h('section', { class: 'settings-block', id: 'variables', 'aria-labelledby': 'variables-title' },
    h('h2', { id: 'variables-title' }, 'Variables'),
    h('p', { class: 'lead' }, 'Variables are passed to every job of the project’s pipelines. Masked values are never shown again after you save them.'),
    h('p', { class: 'loading' }, 'Loading variables…'));
  if (!show(generation, `CI/CD Settings · ${project.name}`,
    projectCrumbs(project, { text: 'Settings' }, { text: 'CI/CD' }),
    pageHeader('CI/CD Settings'),
    triggers, variables)) {
    return;
  }
  await Promise.all([renderTriggers(project, triggers), renderVariables(project, variables)]);
}

/** Everything after the section's heading and lead paragraph. */
function sectionBody(section) {
  const keep = [...section.children].slice(0, 2);
  section.replaceChildren(...keep);
  return section;
}

async function renderTriggers(project, section, notice) {
  let list;
  try {
    list = await apiList(`/projects/${project.id}/triggers?per_page=100`);
  } catch (error) {
    sectionBody(section);
    if (error instanceof ApiError && error.status === 403) {
      section.append(h('p', { class: 'forbidden', role: 'note' }, MaintainerMessage));
    } else {
      section.append(h('p', { class: 'callout callout-danger', role: 'alert' }, error.message));
    }
    return;
  }
  const errorRegion = h('div', { class: 'error-region', role: 'alert', id: 'triggers-error' });
  const noticeRegion = h('div', { class: 'error-region', role: 'status', id: 'triggers-notice' });
  if (notice) {
    noticeRegion.append(h('p', { class: 'callout callout-success' }, notice));
  }
  const description = h('input', { type: 'text', id: 'trigger-description', name: 'description', required: true, maxlength: '255', autocomplete: 'off', 'aria-describedby': 'trigger-description-hint' });
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Add new token');
  const form = h('form', { id: 'new-trigger', class: 'inline-form', 'aria-label': 'Add a pipeline trigger token' },
    h('div', { class: 'field' },
      h('label', { for: 'trigger-description' }, 'Description'),
      description,
      h('span', { class: 'hint', id: 'trigger-description-hint' }, 'What the token is for, e.g. “Deploy from the release tool”.')),
    submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    errorRegion.replaceChildren();
    submit.disabled = true;
    try {
      const created = await api('POST', `/projects/${project.id}/triggers`, { description: description.value.trim() });
      await renderTriggers(project, section, `Trigger token “${created.description ?? ''}” created. It is shown in full to you only.`);
      section.querySelector('#new-trigger input[name="description"]')?.focus();
      announce('Trigger token created.');
    } catch (error) {
      errorRegion.replaceChildren(h('p', { class: 'callout callout-danger' }, error.message));
      submit.disabled = false;
    }
  });

  const rows = list.items.map(trigger => {
    // The API returns the full token only to its owner; anything else is the 4-character short form. Offer
    // copying only for a full token (wvsptt-…), never reconstruct or fetch one the API did not give this viewer.
    const full = typeof trigger.token === 'string' && trigger.token.length > 4;
    const revoke = h('button', { type: 'button', class: 'button button-small button-danger-quiet revoke', 'aria-label': `Revoke trigger token ${trigger.description || trigger.id}` }, 'Revoke');
    revoke.addEventListener('click', async () => {
      const confirmed = await confirmDialog({
        id: 'confirm-revoke',
        title: 'Revoke trigger token?',
        text: `The trigger token “${trigger.description || trigger.id}” will be revoked: pipelines can no longer be triggered with it. This cannot be undone.`,
        confirmId: 'confirm-revoke-yes',
        confirmText: 'Revoke token',
      });
      if (!confirmed) {
        return;
      }
      try {
        await api('DELETE', `/projects/${project.id}/triggers/${trigger.id}`);
        await renderTriggers(project, section, `Trigger token “${trigger.description || trigger.id}” revoked.`);
        section.querySelector('#new-trigger input[name="description"]')?.focus();
        announce('Trigger token revoked.');
      } catch (error) {
        errorRegion.replaceChildren(h('p', { class: 'callout callout-danger' }, error.message));
      }
    });
    return h('tr', { 'data-trigger-id': trigger.id },
      h('td', { class: 'token' }, h('span', { class: 'token-cell' },
        h('code', null, trigger.token ?? ''),
        full ? copyButton(trigger.token, `Copy trigger token ${trigger.description || trigger.id}`, 'Trigger token', 'copy-token') : null)),
      h('td', { class: 'description' }, trigger.description || h('span', { class: 'muted' }, 'No description')),
      h('td', { class: 'owner' }, trigger.owner ? userName(trigger.owner) : h('span', { class: 'muted' }, 'Unknown')),
      h('td', { class: 'last-used' }, time(trigger.last_used)),
      h('td', { class: 'created' }, time(trigger.created_at)),
      h('td', { class: 'expires' }, time(trigger.expires_at)),
      h('td', { class: 'actions-cell' }, revoke));
  });

  sectionBody(section);
  append(section, [
    noticeRegion,
    errorRegion,
    form,
    table('triggers-table', 'Pipeline trigger tokens', ['Token', 'Description', 'Owner', 'Last used', 'Created', 'Expires', h('span', { class: 'visually-hidden' }, 'Actions')], rows,
      'This project has no trigger tokens yet.'),
    triggerExamples(project)]);
}

function triggerExamples(project) {
  const base = window.location.origin;
  const url = `${base}/api/v4/projects/${project.id}/trigger/pipeline`;
  const example = (id, title, text) => h('div', { class: 'example' },
    h('div', { class: 'example-head' }, h('h4', { id: `${id}-title` }, title), copyButton(text, `Copy: ${title}`, 'Example')),
    h('pre', { class: 'code', id, 'aria-labelledby': `${id}-title`, tabindex: '0' }, text));
  return h('div', { class: 'subsection', id: 'trigger-examples' },
    h('h3', null, 'Use a trigger token'),
    h('p', { class: 'muted' }, 'Replace TOKEN with a trigger token and REF or REF_NAME with a branch or tag name.'),
    example('example-curl', 'cURL', `curl -X POST --fail -F token=TOKEN -F ref=REF ${url}`),
    example('example-variables', 'cURL with variables', `curl -X POST --fail -F token=TOKEN -F ref=REF -F "variables[RUN_NIGHTLY_BUILD]=true" ${url}`),
    example('example-webhook', 'Webhook URL', `${base}/api/v4/projects/${project.id}/ref/REF_NAME/trigger/pipeline?token=TOKEN`));
}

async function renderVariables(project, section, notice) {
  let list;
  try {
    list = await apiList(`/projects/${project.id}/variables?per_page=100`);
  } catch (error) {
    sectionBody(section);
    if (error instanceof ApiError && error.status === 403) {
      section.append(h('p', { class: 'forbidden', role: 'note' }, VariablesMessage));
    } else {
      section.append(h('p', { class: 'callout callout-danger', role: 'alert' }, error.message));
    }
    return;
  }
  const errorRegion = h('div', { class: 'error-region', role: 'alert', id: 'variables-error' });
  const noticeRegion = h('div', { class: 'error-region', role: 'status', id: 'variables-notice' });
  if (notice) {
    noticeRegion.append(h('p', { class: 'callout callout-success' }, notice));
  }
  const reload = message => renderVariables(project, section, message);
  const fail = error => errorRegion.replaceChildren(h('p', { class: 'callout callout-danger' }, error.message));

  // Unmasked values are kept here and shown on request; masked values are never put in the page at all.
  let revealed = false;
  const unmaskedCells = [];
  const hiddenValue = () => h('span', { class: 'secret-dots', 'aria-label': 'hidden' }, '••••••');
  const rows = list.items.map(variable => {
    const value = h('td', { class: 'value' }, variable.masked ? h('span', { class: 'secret-dots', 'aria-label': 'masked' }, '••••') : hiddenValue());
    if (!variable.masked) {
      unmaskedCells.push([value, variable.value ?? '']);
    }
    const edit = h('button', { type: 'button', class: 'button button-small edit-variable', 'aria-label': `Edit variable ${variable.key}` }, 'Edit');
    edit.addEventListener('click', () => editVariable(project, variable, reload, fail));
    const remove = h('button', { type: 'button', class: 'button button-small button-danger-quiet delete-variable', 'aria-label': `Delete variable ${variable.key}` }, 'Delete');
    remove.addEventListener('click', async () => {
      const confirmed = await confirmDialog({
        id: 'confirm-delete-variable',
        title: 'Delete variable?',
        text: `The variable ${variable.key} will be deleted from this project. This cannot be undone.`,
        confirmId: 'confirm-delete-variable-yes',
        confirmText: 'Delete variable',
      });
      if (!confirmed) {
        return;
      }
      try {
        await api('DELETE', `/projects/${project.id}/variables/${encodeURIComponent(variable.key)}?filter[environment_scope]=${encodeURIComponent(variable.environment_scope ?? '*')}`);
        await reload(`Variable ${variable.key} deleted.`);
        announce(`Variable ${variable.key} deleted.`);
      } catch (error) {
        fail(error);
      }
    });
    return h('tr', { 'data-variable-key': variable.key },
      h('td', { class: 'key' }, h('code', null, variable.key), variable.description ? h('div', { class: 'muted' }, variable.description) : null),
      value,
      h('td', { class: 'type' }, variable.variable_type === 'file' ? 'File' : 'Variable'),
      h('td', { class: 'flags' }, h('span', { class: 'actions' },
        variable.protected ? h('span', { class: 'badge badge-flag flag-protected' }, 'Protected') : null,
        variable.masked ? h('span', { class: 'badge badge-flag flag-masked' }, 'Masked') : null,
        variable.variable_type === 'file' ? h('span', { class: 'badge badge-flag flag-file' }, 'File') : null,
        !variable.protected && !variable.masked && variable.variable_type !== 'file' ? h('span', { class: 'muted' }, '—') : null)),
      h('td', { class: 'scope' }, variable.environment_scope === '*' || !variable.environment_scope ? 'All' : variable.environment_scope),
      h('td', { class: 'actions-cell' }, h('span', { class: 'actions' }, edit, remove)));
  });
  const reveal = unmaskedCells.length ? h('button', { type: 'button', class: 'button button-small', id: 'reveal-variable-values', 'aria-pressed': 'false' }, 'Reveal values') : null;
  reveal?.addEventListener('click', () => {
    revealed = !revealed;
    reveal.textContent = revealed ? 'Hide values' : 'Reveal values';
    reveal.setAttribute('aria-pressed', String(revealed));
    for (const [cell, value] of unmaskedCells) {
      cell.replaceChildren(revealed ? h('code', null, value) : hiddenValue());
    }
  });

  sectionBody(section);
  append(section, [
    noticeRegion,
    errorRegion,
    reveal ? h('div', { class: 'example-head' }, h('span', { class: 'muted' }, `${list.total || list.items.length} variable(s)`), reveal) : null,
    table('variables-table', 'CI/CD variables', ['Key', 'Value', 'Type', 'Flags', 'Environments', h('span', { class: 'visually-hidden' }, 'Actions')], rows,
      'No variables yet.'),
    newVariableForm(project, reload, fail, errorRegion)]);
}

/** The fields shared by the add form and the edit dialog; `prefix` keeps their ids unique. */
function variableFields(prefix, variable) {
  const id = name => `${prefix}-${name}`;
  const key = h('input', { type: 'text', id: id('key'), name: 'key', required: true, maxlength: '255', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': id('key-hint'), readonly: variable ? true : null, value: variable?.key ?? '' });
  const value = h('textarea', { id: id('value'), name: 'value', rows: '2', spellcheck: 'false', autocomplete: 'off', required: variable ? null : true, 'aria-describedby': id('value-hint') });
  if (variable && !variable.masked) {
    value.value = variable.value ?? '';
  }
  const type = h('select', { id: id('variable_type'), name: 'variable_type' },
    h('option', { value: 'env_var', selected: variable?.variable_type !== 'file' }, 'Variable (environment)'),
    h('option', { value: 'file', selected: variable?.variable_type === 'file' }, 'File'));
  const check = (name, label, hint) => h('label', { class: 'check', for: id(name) },
    h('input', { type: 'checkbox', id: id(name), name, checked: variable?.[name] === true }),
    h('span', null, label, h('span', { class: 'hint' }, hint)));
  return h('div', { class: 'form-grid' },
    h('div', { class: 'field' }, h('label', { for: id('key') }, 'Key'), key,
      h('span', { class: 'hint', id: id('key-hint') }, 'Letters, digits and _ only.')),
    h('div', { class: 'field' }, h('label', { for: id('variable_type') }, 'Type'), type),
    h('div', { class: 'field span-2' }, h('label', { for: id('value') }, 'Value'), value,
      h('span', { class: 'hint', id: id('value-hint') }, variable?.masked
        ? 'This value is masked and is not shown. Leave it empty to keep it, or enter a new value.'
        : 'Masked values need at least 8 characters from letters, digits and + = / @ : . ~ - _.')),
    h('fieldset', { class: 'span-2' }, h('legend', null, 'Flags'),
      check('protected', 'Protect variable', 'Only pipelines on protected branches and tags receive it.'),
      check('masked', 'Mask variable', 'Hidden in job logs and never shown again here.')));
}

function variableForm(form) {
  const data = { variable_type: form.elements.variable_type.value, protected: String(form.elements.protected.checked), masked: String(form.elements.masked.checked) };
  if (!form.elements.key.readOnly) {
    data.key = form.elements.key.value.trim();
  }
  if (form.elements.value.value !== '' || !form.elements.key.readOnly) {
    data.value = form.elements.value.value;
  }
  return data;
}

function newVariableForm(project, reload, fail, errorRegion) {
  const submit = h('button', { type: 'submit', class: 'button button-primary' }, 'Add variable');
  const form = h('form', { id: 'new-variable', class: 'subsection', 'aria-labelledby': 'new-variable-title' },
    h('h3', { id: 'new-variable-title' }, 'Add variable'),
    variableFields('new-variable', null),
    submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    errorRegion.replaceChildren();
    submit.disabled = true;
    const data = variableForm(form);
    try {
      await api('POST', `/projects/${project.id}/variables`, data);
      await reload(`Variable ${data.key} added.`);
      announce(`Variable ${data.key} added.`);
    } catch (error) {
      fail(error);
      submit.disabled = false;
      errorRegion.scrollIntoView({ block: 'nearest' });
    }
  });
  return form;
}

function editVariable(project, variable, reload) {
  document.getElementById('edit-variable')?.remove();
  const opener = document.activeElement;
  const error = h('div', { class: 'error-region', role: 'alert', id: 'edit-variable-error' });
  const cancel = h('button', { type: 'button', class: 'button' }, 'Cancel');
  const save = h('button', { type: 'submit', class: 'button button-primary' }, 'Save changes');
  const form = h('form', { method: 'dialog' }, error, variableFields('edit-variable', variable), h('div', { class: 'actions' }, cancel, save));
  const dialog = h('dialog', { id: 'edit-variable', 'aria-labelledby': 'edit-variable-title' }, h('h2', { id: 'edit-variable-title' }, `Edit variable ${variable.key}`), form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener instanceof HTMLElement && opener.isConnected) {
      opener.focus();
    }
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    error.replaceChildren();
    save.disabled = true;
    try {
      await api('PUT', `/projects/${project.id}/variables/${encodeURIComponent(variable.key)}?filter[environment_scope]=${encodeURIComponent(variable.environment_scope ?? '*')}`, variableForm(form));
      dialog.close();
      await reload(`Variable ${variable.key} updated.`);
      announce(`Variable ${variable.key} updated.`);
    } catch (problem) {
      error.replaceChildren(h('p', { class: 'callout callout-danger' }, problem.message));
      save.disabled = false;
    }
  });
  document.body.append(dialog);
  dialog.showModal();
  form.elements.value.focus();
}

// ---------- Router ----------

const routes = [
  [/^\/$/, projectsPage],
  [/^\/-\/?$/, projectsPage],
  [/^\/-\/projects\/?$/, projectsPage],
  [/^\/-\/projects\/(\d+)\/?$/, pipelinesPage],
  [/^\/-\/projects\/(\d+)\/pipelines\/?$/, pipelinesPage],
  [/^\/-\/projects\/(\d+)\/pipelines\/(\d+)\/?$/, pipelinePage],
  [/^\/-\/projects\/(\d+)\/jobs\/?$/, jobsPage],
  [/^\/-\/projects\/(\d+)\/jobs\/(\d+)\/?$/, jobPage],
  [/^\/-\/projects\/(\d+)\/settings\/ci_cd\/?$/, ciCdSettingsPage],
];

async function render(focus) {
  const generation = ++renderGeneration;
  const path = window.location.pathname;
  const route = routes.find(([pattern]) => pattern.test(path));
  main.setAttribute('aria-busy', 'true');
  try {
    if (!route) {
      renderSidebar(null);
      throw new ApiError(404, 'Not found');
    }
    const [pattern, page] = route;
    await page(generation, ...path.match(pattern).slice(1));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) {
      errorPage(generation, error);
    }
  } finally {
    if (generation === renderGeneration) {
      main.removeAttribute('aria-busy');
      if (window.location.hash) {
        document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
      }
      if (focus) {
        // Move focus to the new page's heading so keyboard and screen-reader users start there.
        (main.querySelector('h1') ?? main).focus({ preventScroll: Boolean(window.location.hash) });
      }
    }
  }
}

/** Same-origin links to pages of the app are followed without reloading; everything else behaves as usual. */
document.addEventListener('click', event => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || link.target || link.hasAttribute('download')) {
    return;
  }
  const url = new URL(link.href, window.location.href);
  const isApp = url.pathname === '/' || (url.pathname.startsWith('/-/') && !url.pathname.startsWith('/-/assets/'));
  if (url.origin !== window.location.origin || !isApp) {
    return;
  }
  event.preventDefault();
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
    window.location.hash = url.hash;
    return;
  }
  window.history.pushState(null, '', url);
  window.scrollTo(0, 0);
  render(true);
});

window.addEventListener('popstate', () => render(true));

render(false);
