// A small platform on Stripe's official Node library, pointed at relinksim: the
// webhook handler a platform would write for Financial Connections relink.
//
// - Every webhook is verified with stripe.webhooks.constructEvent; one that fails
//   is answered 400 (with a wrong signing secret, every one).
// - financial_connections.account.deactivated: the handler reads the account and,
//   if it needs a relink, creates a relink session for it, before it answers
//   (so that relinksim applies it at the event's virtual instant).
// - account_numbers_updated: it keeps whether the account's tokenized account
//   number can be debited.
// - POST /jobs/debit (its nightly payment run; relinksim calls it at the virtual
//   instants of the scenario's platform_job entries): one ACH debit, a confirmed
//   PaymentIntent, of each account that can be debited; none of one whose TAN is
//   dead.
//
// relinksim gives it, in its environment: STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET,
// RELINKSIM_WEBHOOK_URL (where to listen) and RELINKSIM_API_HOST/_PORT (Stripe's API).
'use strict';

const http = require('http');
const Stripe = require('stripe');

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, {
  host: process.env.RELINKSIM_API_HOST,
  port: Number(process.env.RELINKSIM_API_PORT),
  protocol: 'http',
  maxNetworkRetries: 0,
  telemetry: false,
});
const signingSecret = process.env.STRIPE_WEBHOOK_SECRET;
const endpoint = new URL(process.env.RELINKSIM_WEBHOOK_URL);
const debitable = new Map(); // account id -> whether its TAN can be debited
// A platform broken on purpose, for relinksim's own tests: it debits every account,
// dead TAN or not.
const debitAlways = process.env.DEBIT_ALWAYS === '1';

async function handle(event) {
  const object = event.data.object;
  switch (event.type) {
    case 'financial_connections.account.deactivated': {
      const account = await stripe.financialConnections.accounts.retrieve(object.id);
      if (account.status_details?.inactive?.action === 'relink_required') {
        const session = await stripe.financialConnections.sessions.create({
          relink_options: { account: account.id },
        });
        console.log(`relink session ${session.id} for ${account.id}`);
      }
      break;
    }
    case 'financial_connections.account.account_numbers_updated':
    case 'financial_connections.account.created': {
      const numbers = object.account_numbers || [];
      const now = numbers.some((n) => n.status === 'transactable');
      if (debitable.get(object.id) !== now) console.log(`${object.id} debitable: ${now}`);
      debitable.set(object.id, now);
      break;
    }
  }
}

async function debitRun() {
  for (const [id, ok] of debitable) {
    if (!ok && !debitAlways) {
      console.log(`skipped the debit of ${id}: its account number is not transactable`);
      continue;
    }
    try {
      const intent = await stripe.paymentIntents.create({
        amount: 1500,
        currency: 'usd',
        payment_method_types: ['us_bank_account'],
        payment_method_data: {
          type: 'us_bank_account',
          us_bank_account: { financial_connections_account: id },
        },
        confirm: true,
      });
      console.log(`debited ${id}: ${intent.id} ${intent.status}`);
    } catch (error) {
      console.log(`the debit of ${id} failed: ${error.code}`);
    }
  }
}

function answer(response, status, body) {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

http
  .createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/health') return answer(response, 200, {});
    if (request.method === 'POST' && request.url === '/jobs/debit') {
      request.resume();
      return debitRun().then(
        () => answer(response, 200, { done: true }),
        (error) => answer(response, 500, { error: error.message }));
    }
    if (request.method !== 'POST' || request.url !== endpoint.pathname)
      return answer(response, 404, { error: 'not found' });
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      let event;
      try {
        event = stripe.webhooks.constructEvent(
          Buffer.concat(chunks), request.headers['stripe-signature'], signingSecret);
      } catch (error) {
        console.log(`rejected a webhook: ${error.message}`);
        return answer(response, 400, { error: error.message });
      }
      try {
        await handle(event);
        answer(response, 200, { received: true });
      } catch (error) {
        console.log(`${event.type} ${event.id}: ${error.message}`);
        answer(response, 500, { error: error.message });
      }
    });
  })
  .listen(Number(endpoint.port), endpoint.hostname, () =>
    console.log(`platform listening on ${endpoint.href}`));
