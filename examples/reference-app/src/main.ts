import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onSessionLost } from './api/client';
import { locale } from './i18n';
import { buildRouter } from './router';
import { useSession } from './stores/session';
import './styles.css';

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
