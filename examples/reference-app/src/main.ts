import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onSessionLost } from './api/client';
import { createFirebaseAuth } from './auth/firebase-auth';
import { loadRuntimeConfig } from './auth/runtime-config';
import { locale } from './i18n';
import { buildRouter } from './router';
import { useFirebaseAuth, useSession } from './stores/session';
import './styles.css';

async function start() {
  // /config.json says how to sign in (absent: the service's cookie session)
  const config = await loadRuntimeConfig();
  if (config.auth === 'firebase') {
    // sessionStorage: the tokens survive a reload of this tab, and go with it
    useFirebaseAuth(
      createFirebaseAuth({
        apiKey: config.apiKey,
        authEmulatorUrl: config.authEmulatorUrl,
        storage: window.sessionStorage,
      }),
    );
  }
  const app = createApp(App);
  app.use(createPinia());
  const router = buildRouter();
  app.use(router);
  document.documentElement.lang = locale.value;
  onSessionLost(() => {
    useSession().clear();
    const here = router.currentRoute.value;
    if (here.name !== 'login') void router.push({ name: 'login', query: { next: here.fullPath } });
  });
  app.mount('#app');
}

start().catch((error: unknown) => {
  // a broken deployment (invalid /config.json): say so instead of a blank page
  const root = document.getElementById('app');
  if (root) root.textContent = `DDEX Distro cannot start: ${(error as Error).message}`;
});
