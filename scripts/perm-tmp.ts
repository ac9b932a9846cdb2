import { launchExtension } from './chromium';
const b = await launchExtension();
const has = () => b.worker.evaluate(() => (globalThis as any).chrome.permissions.contains({ origins: ['*://*.dfcfw.com/*'] }));
console.log('before', await has());
console.log('after dev', await has());
// request from popup with gesture
const popup = await b.openPopup();
await popup.evaluate(() => { document.body.insertAdjacentHTML('beforeend', '<button id=x>x</button>'); (document.getElementById('x') as any).onclick = () => { (globalThis as any).chrome.permissions.request({ origins: ['*://*.dfcfw.com/*'] }).then((r: any) => ((globalThis as any).res = String(r)), (e: any) => ((globalThis as any).res = 'E ' + e)); }; });
await popup.click('#x');
await new Promise((r) => setTimeout(r, 3000));
console.log('request result', await popup.evaluate(() => (globalThis as any).res));
console.log('after request', await has());
await b.close();
