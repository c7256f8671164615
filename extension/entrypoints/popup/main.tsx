import { render } from 'preact';
import '../../ui/page.css';
import '../../ui/popup.css';
import { Popup } from '../../ui/Popup';

render(<Popup />, document.getElementById('app')!);
