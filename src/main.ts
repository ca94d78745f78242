import { mount } from 'svelte';
import App from './ui/App.svelte';
import './ui/app.css';
import { registerServiceWorker } from './ui/serviceWorker.svelte';

registerServiceWorker();

export default mount(App, { target: document.getElementById('app')! });
